/** Small domain errors, mapped to pages by the one error handler. */
export class NotFoundError extends Error {
  constructor(message = 'Not found') {
    super(message);
  }
}

export class ForbiddenError extends Error {
  constructor(message = 'You do not have permission to do that') {
    super(message);
  }
}
