import { describeRoutingState } from '../test/routing-state-suite.js';
import { MemoryRoutingState } from './memory-routing-state.js';

describeRoutingState('MemoryRoutingState', async (latencyWindow) => new MemoryRoutingState(latencyWindow));
