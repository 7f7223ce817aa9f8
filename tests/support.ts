/** Helpers shared by the integration tests: unique names and clients for the running stack. */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { readEndpoints, serviceUrls } from '../platform/endpoints.js';

export const endpoints = readEndpoints();
export const urls = serviceUrls(endpoints);

/** A name no other test (or earlier run) uses: tests never share topics, groups or keys. */
export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const kafkaClient = (clientId: string) =>
  new Kafka({
    clientId,
    brokers: urls.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 8 },
  });
