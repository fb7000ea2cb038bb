import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { problemResponse } from '../http/problem.js';
import type { PaymentError } from './domain/payment-error.js';

/** The problem+json response of a business error (returned, so the idempotency middleware stores it). */
export function paymentProblem(error: PaymentError): APIGatewayProxyStructuredResultV2 {
  return problemResponse({
    status: error.status,
    code: error.code,
    title: error.title,
    detail: error.message,
    extensions: error.extensions,
  });
}
