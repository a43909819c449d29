/**
 * The error `promise` rejects with, so a test can assert its fields exactly; fails when the promise resolves instead.
 */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}
