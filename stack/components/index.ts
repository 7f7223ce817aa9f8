import type { Component } from '../component.js';
import { connect } from './connect.js';
import { kafka } from './kafka.js';
import { postgres } from './postgres.js';
import { redis } from './redis.js';
import { registry } from './registry.js';

/** Every component, in an order that respects `dependsOn`. */
export const COMPONENTS: readonly Component[] = [postgres, redis, kafka, connect, registry];

export function componentNamed(name: string): Component | undefined {
  return COMPONENTS.find((c) => c.name === name);
}
