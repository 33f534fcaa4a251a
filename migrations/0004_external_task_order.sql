-- fetchAndLock without usePriority takes the oldest tasks of a topic first: this index lets
-- it stop after maxTasks rows instead of sorting every open task of the topic.
CREATE INDEX external_task_topic_created ON external_task (topic, created, id);
