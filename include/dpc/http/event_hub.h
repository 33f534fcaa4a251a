// The live-event hub of one node: GET /api/events subscribers (server-sent events) and the
// events that reach them. Each NOTIFY dpc_ui_event (store/live_queries.h) makes the hub read
// the log after the last event it saw (and any lower ids that may have committed late), once
// for all subscribers, and give each subscriber the events it may see, as
//   id: <seq>\nevent: task|instance|incident\ndata: <json>\n\n
// A subscriber that reconnects with Last-Event-ID (or ?lastEventId=) first gets the events
// after that id still kept in the database (about an hour), then the live ones, none twice.
//
// Visibility, in Camunda 7's terms (visibility.h): a task event goes to its assignee (and
// the assignee before an assignment), candidate users, members of candidate groups, and
// whoever holds READ on the task or READ_TASK on its definition; instance and incident
// events to READ on the instance or READ_INSTANCE on the definition; administrators get all.
// Each subscriber's authorizations are read through the identity service when it
// subscribes and again after `refresh` (so a new grant shows within that time).
//
// Thread-safety: all members may be called from any thread. With no subscriber a
// notification costs nothing (no read).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "dpc/engine/live_events.h"
#include "dpc/http/message.h"

namespace dpc::http {

struct EventHubOptions {
  std::chrono::seconds refresh{30};        // re-read a subscriber's authorizations
  std::chrono::seconds keep{3600};         // events kept for resumption (pruned)
  std::chrono::seconds prune_every{300};
  // A read without NOTIFY, while subscribed: events of started instances (the group
  // commit sends none), and any whose NOTIFY was lost.
  std::chrono::milliseconds poll_every{200};
  int max_replay = 10000;                  // events at most replayed on a resume
  size_t max_queued_bytes = 1024 * 1024;   // a subscriber further behind is dropped
};

class EventHub {
 public:
  // `log` must outlive the hub. Starts the pruning thread.
  explicit EventHub(engine::LiveEventLog& log, EventHubOptions options = {});
  ~EventHub();  // ends every subscription
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // A NOTIFY came (its payload is not used), or the listener (re)connected.
  void notified(const std::string& payload);
  // The answer to GET /api/events: 401 without a principal, 400 for a Last-Event-ID that is
  // not a non-negative integer, else the stream.
  Response subscribe(const Request& req);
  // Subscribers right now (for tests and logs).
  size_t subscribers() const;

  struct State;

 private:
  static void catch_up(State& st);
  std::shared_ptr<State> state_;
};

}  // namespace dpc::http
