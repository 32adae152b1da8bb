/**
 * Shard 1 of the bank's reference and wrong-solution grading (real sandbox, real engine); the body and
 * the sharding are in tests/bank/support/references.ts.
 */
import { describeReferenceShard } from "./support/references";

describeReferenceShard(1);
