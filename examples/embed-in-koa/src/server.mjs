// @ts-check
import { createApp } from './app.mjs';

const port = Number(process.env.PORT ?? 3000);
const { app, gateway } = await createApp();
const server = app.listen(port, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  console.log(`host app on http://localhost:${actual} (GET /hello); OpenAI-compatible gateway at http://localhost:${actual}/llm/v1`);
});

const shutdown = () => {
  // Stop accepting first, then let the gateway finish the requests in flight and run its plugins' close taps.
  server.close();
  gateway.close().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
