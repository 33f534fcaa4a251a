// SQL for event subscriptions (migrations/0007_event_subscriptions.sql): the writes of a
// command's SubscriptionChanges and the search POST /message and /signal use.
#pragma once

#include <string>

#include <pqxx/pqxx>

#include "dpc/engine/event_subscriptions.h"
#include "dpc/engine/runtime_store.h"
#include "sql_batch.h"

namespace dpc::store {

// Appends the deletes and inserts of `changes` to the batch.
void add_subscription_writes(SqlBatch& b, const engine::SubscriptionChanges& changes);
// Compensation subscriptions (kind "compensate") written as rows: deletes, updates, inserts.
void add_compensation_writes(SqlBatch& b, const engine::RowChanges<engine::EventSubscriptionRecord>& changes);
// The compensation subscriptions of an instance (`quoted_instance_id` is an SQL literal),
// in the column order read_subscription() reads.
std::string compensations_sql(const std::string& quoted_instance_id);

// The subscriptions of running, not suspended instances matching `q`, ordered by instance.
// Correlation keys of simple types (String, Boolean, Short/Integer/Long, Double) filter by
// the instance's process variables; others are left to the engine.
std::string find_subscriptions_sql(const SqlBatch& b, const engine::SubscriptionQuery& q);
engine::EventSubscriptionRecord read_subscription(const pqxx::row& r);

// The id of the latest version of every process definition (per key and tenant).
inline constexpr const char* kLatestDefinitionIdsSql =
    "SELECT DISTINCT ON (key, COALESCE(tenant_id, '')) id FROM process_definition "
    "ORDER BY key, COALESCE(tenant_id, ''), version DESC";

}  // namespace dpc::store
