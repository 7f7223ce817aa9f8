import { type Endpoints, readEndpoints } from '../../platform/endpoints.js';
import type { Component } from '../component.js';
import { connect } from './connect.js';
import { kafkaComponents } from './kafka.js';
import { postgres } from './postgres.js';
import { redis } from './redis.js';
import { registry } from './registry.js';

/**
 * Every component of the stack the endpoints describe (one Kafka node or three), in an order
 * that respects `dependsOn`.
 */
export function stackComponents(endpoints: Endpoints = readEndpoints()): readonly Component[] {
  const kafka = kafkaComponents(endpoints);
  return [
    postgres,
    redis,
    ...kafka,
    { ...connect, dependsOn: kafka.map((node) => node.name) },
    registry,
  ];
}

export function componentNamed(
  name: string,
  endpoints: Endpoints = readEndpoints(),
): Component | undefined {
  return stackComponents(endpoints).find((c) => c.name === name);
}
