-- Indexes for the dashboard's questions (src/analytics, src/store/analytics_queries.cpp).
-- Every question selects the instances of one process key started in a date range; the
-- funnel and flow heatmap then read those instances' engine_event rows, which the existing
-- engine_event_key_time (definition_key, time) index finds by the same key and range (an
-- instance's events come after its start), and the activity heatmap joins hi_act_inst by
-- hi_act_inst_proc_inst. No incremental aggregates yet: the answers come from the raw log.
CREATE INDEX hi_proc_inst_key_start ON hi_proc_inst (definition_key, start_time);
