/** Shared pieces for the components that run on the JVM (Kafka, Connect). */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StackPaths } from '../paths.js';

/** A Java properties file from a plain object, in key order. */
export function propertiesText(props: Record<string, string | number | boolean>) {
  return (
    Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n'
  );
}

/** Kafka's jars use reload4j: log INFO to stdout (the component's log file), quiet chatty classes. */
export async function writeLog4j(paths: StackPaths, name: string, quiet: readonly string[] = []) {
  const file = paths.config(`${name}-log4j.properties`);
  const lines = {
    'log4j.rootLogger': 'INFO, stdout',
    'log4j.appender.stdout': 'org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout': 'org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern': '[%d] %p %m (%c)%n',
    ...Object.fromEntries(quiet.map((logger) => [`log4j.logger.${logger}`, 'WARN'])),
  };
  await writeFile(file, propertiesText(lines));
  return file;
}

/** JVM flags sized for a small shared machine: a capped heap and short GC pauses. */
export function jvmFlags(heap: string, log4jFile: string) {
  return [
    `-Xmx${heap}`,
    '-Xms128m',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4jFile}`,
  ];
}

export const classpath = (paths: StackPaths) => path.join(paths.kafkaLibs, '*');
