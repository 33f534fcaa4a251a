// Subscribes to a topic on a running dpc with Camunda's own JavaScript client, completes
// `expected` tasks with a computed variable, then exits 0 (exit 1 on timeout or error).
// Usage: node worker.mjs <baseUrl> <topic> <expected> [<user> <password>]
// (with a user, every request carries HTTP Basic credentials through the client's own
// BasicAuthInterceptor, as Camunda's documentation sets it up)
import { BasicAuthInterceptor, Client, Variables, logger } from "camunda-external-task-client-js";

const [baseUrl, topic, expectedText, username, password] = process.argv.slice(2);
const expected = Number(expectedText);
let done = 0;

const interceptors = username ? new BasicAuthInterceptor({ username, password }) : undefined;
const client = new Client({ baseUrl, workerId: "js-worker", asyncResponseTimeout: 5000, interval: 100, use: logger, interceptors });

client.subscribe(topic, async ({ task, taskService }) => {
  const amount = task.variables.get("amount");
  const result = new Variables();
  result.set("score", Math.round(amount / 10));
  result.set("checkedBy", "js-worker");
  await taskService.complete(task, result);
  done += 1;
  if (done >= expected) {
    client.stop();
    console.log(`completed ${done} tasks`);
    process.exit(0);
  }
});

setTimeout(() => {
  console.error(`timeout: completed ${done} of ${expected}`);
  process.exit(1);
}, 60000);
