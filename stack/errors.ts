/** An expected failure of the stack tooling: printed as its message alone, without a stack trace. */
export class StackError extends Error {
  override readonly name = 'StackError';
}
