import type { TestProject } from "vitest/node";
import { startRedis } from "../../e2e/support/redis-server";

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/** One real redis-server for the whole unit run: the store contract runs against it. */
export default async function setup(project: TestProject) {
  const redis = await startRedis();
  project.provide("redisUrl", redis.url);
  return () => redis.stop();
}
