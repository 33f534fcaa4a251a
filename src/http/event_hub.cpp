// EventHub: subscribers, their visibility, the fan-out of each notified batch, resumption
// and pruning. See event_hub.h for the contract.
#include "dpc/http/event_hub.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "dpc/http/authorize.h"
#include "dpc/http/stream.h"

namespace dpc::http {

namespace {

using Clock = std::chrono::steady_clock;
using engine::LiveEvent;

struct Subscriber {
  std::shared_ptr<Stream> stream;
  Request who;  // principal and identity service only: what authorize.h needs
  engine::Visibility tasks, instances;
  Clock::time_point refreshed;
  // Resuming: live events wait here until the replay from the database is done.
  bool replaying = false;
  std::vector<std::pair<int64_t, std::shared_ptr<const std::string>>> pending;
};

nlohmann::json text_or_null(const std::string& s) { return s.empty() ? nlohmann::json() : nlohmann::json(s); }

// The event as server-sent-events text, in the shapes of the contract.
std::string format(const LiveEvent& e) {
  nlohmann::json data;
  if (e.kind == "task") {
    data = {{"type", e.type},
            {"taskId", e.task_id},
            {"name", text_or_null(e.name)},
            {"processInstanceId", text_or_null(e.process_instance_id)},
            {"processDefinitionKey", text_or_null(e.process_definition_key)},
            {"assignee", text_or_null(e.assignee)}};
  } else if (e.kind == "incident") {
    data = {{"type", e.type},
            {"incidentId", e.incident_id},
            {"processInstanceId", text_or_null(e.process_instance_id)},
            {"processDefinitionKey", text_or_null(e.process_definition_key)},
            {"activityId", text_or_null(e.activity_id)}};
  } else {
    data = {{"type", e.type},
            {"processInstanceId", text_or_null(e.process_instance_id)},
            {"processDefinitionKey", text_or_null(e.process_definition_key)}};
  }
  return "id: " + std::to_string(e.id) + "\nevent: " + e.kind + "\ndata: " +
         data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The rules of visibility.h, applied to one event.
bool may_see(const Subscriber& s, const LiveEvent& e) {
  const identity::Principal& p = *s.who.principal;
  if (p.admin) return true;
  if (e.kind == "task") {
    if (!e.assignee.empty() && e.assignee == p.user_id) return true;
    if (!e.previous_assignee.empty() && e.previous_assignee == p.user_id) return true;
    if (contains(e.candidate_users, p.user_id)) return true;
    for (const auto& g : e.candidate_groups) {
      if (contains(p.groups, g)) return true;
    }
    return s.tasks.tasks.allows(e.task_id) || s.tasks.definitions.allows(e.process_definition_key);
  }
  return s.instances.instances.allows(e.process_instance_id) ||
         s.instances.definitions.allows(e.process_definition_key);
}

// Reads the subscriber's authorizations (READ on tasks and READ_TASK on definitions; READ
// on instances and READ_INSTANCE on definitions) through the identity service.
Status refresh(Subscriber& s) {
  auto tasks = visibility(s.who, {.definition_permission = identity::perm::kReadTask, .tasks = true});
  if (!tasks) return tasks.error();
  auto instances = visibility(s.who, {.definition_permission = identity::perm::kReadInstance,
                                      .instance_resource = identity::Resource::kProcessInstance,
                                      .instance_permission = identity::perm::kRead});
  if (!instances) return instances.error();
  s.tasks = std::move(*tasks);
  s.instances = std::move(*instances);
  s.refreshed = Clock::now();
  return {};
}

}  // namespace

struct EventHub::State {
  State(engine::LiveEventLog& l, EventHubOptions o) : log(l), options(o) {}
  engine::LiveEventLog& log;
  EventHubOptions options;

  mutable std::mutex mu;  // subscribers, dedup
  std::map<uint64_t, std::shared_ptr<Subscriber>> subscribers;
  uint64_t next_subscriber = 1;
  // Ranges of concurrent transactions may overlap: the ids already given out (the last
  // kSeen of them), so no event goes out twice.
  static constexpr size_t kSeen = 100000;
  std::unordered_set<int64_t> seen;
  std::deque<int64_t> seen_order;
  int64_t max_seen = 0;
  bool synced = false;  // max_seen is the log's; false while nobody subscribes
  // Ids below max_seen not read yet: a transaction that took its id earlier may commit later.
  // Looked for again on each read until found or kGapLife old (rolled back, pruned).
  static constexpr size_t kMaxGaps = 10000;
  static constexpr std::chrono::seconds kGapLife{10};
  std::map<int64_t, Clock::time_point> gaps;

  std::mutex read_mu;  // one read of the log at a time

  std::mutex stop_mu;
  std::condition_variable stop_cv;
  bool stopping = false;
  std::thread pruner;

  void remove(uint64_t id) {
    std::lock_guard lock(mu);
    subscribers.erase(id);
  }

  // Gives `events` to every subscriber that may see them (mu held by the caller).
  void dispatch(const std::vector<LiveEvent>& events) {
    std::vector<uint64_t> dropped;
    for (const auto& e : events) {
      if (!seen.insert(e.id).second) continue;
      seen_order.push_back(e.id);
      if (seen_order.size() > kSeen) {
        seen.erase(seen_order.front());
        seen_order.pop_front();
      }
      max_seen = std::max(max_seen, e.id);
      std::shared_ptr<const std::string> text;
      for (auto& [id, s] : subscribers) {
        if (!may_see(*s, e)) continue;
        if (!text) text = std::make_shared<const std::string>(format(e));
        if (s->replaying) {
          s->pending.emplace_back(e.id, text);
        } else if (!s->stream->push(*text)) {
          dropped.push_back(id);
        }
      }
    }
    for (uint64_t id : dropped) subscribers.erase(id);
  }
};

EventHub::EventHub(engine::LiveEventLog& log, EventHubOptions options)
    : state_(std::make_shared<State>(log, options)) {
  // Every poll_every: a read of the log for subscribers (events that come without NOTIFY:
  // the group commit's; late commits; a LISTEN connection down); now and then the pruning.
  state_->pruner = std::thread([st = state_.get()] {
    auto pruned = Clock::now();
    std::unique_lock lock(st->stop_mu);
    while (!st->stop_cv.wait_for(lock, st->options.poll_every, [st] { return st->stopping; })) {
      lock.unlock();
      catch_up(*st);
      if (Clock::now() - pruned >= st->options.prune_every) {
        pruned = Clock::now();
        auto n = st->log.prune(st->options.keep);
        if (!n) spdlog::warn("pruning live events: {}", n.error().message);
      }
      lock.lock();
    }
  });
}

EventHub::~EventHub() {
  {
    std::lock_guard lock(state_->stop_mu);
    state_->stopping = true;
  }
  state_->stop_cv.notify_all();
  if (state_->pruner.joinable()) state_->pruner.join();
  std::vector<std::shared_ptr<Stream>> open;
  {
    std::lock_guard lock(state_->mu);
    for (auto& [id, s] : state_->subscribers) open.push_back(s->stream);
    state_->subscribers.clear();
  }
  for (auto& s : open) s->close();  // outside mu: on_closed may run now and lock it
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(state_->mu);
  return state_->subscribers.size();
}

void EventHub::notified(const std::string&) { catch_up(*state_); }

// Reads what the log has after the last event seen (and the late ones), and hands it out.
void EventHub::catch_up(State& st) {
  std::lock_guard reading(st.read_mu);
  std::vector<std::shared_ptr<Subscriber>> stale;
  int64_t after = 0;
  std::vector<int64_t> late;
  {
    std::lock_guard lock(st.mu);
    if (st.subscribers.empty()) {  // nobody listens: nothing to read
      st.synced = false;
      return;
    }
    after = st.max_seen;
    auto now = Clock::now();
    for (auto it = st.gaps.begin(); it != st.gaps.end();) {
      if (now - it->second > State::kGapLife) {
        it = st.gaps.erase(it);
      } else {
        late.push_back(it->first);
        ++it;
      }
    }
    for (auto& [id, s] : st.subscribers) {
      if (now - s->refreshed >= st.options.refresh) stale.push_back(s);
    }
  }
  // Authorizations read outside the lock (they query the database).
  for (auto& s : stale) {
    Subscriber fresh;
    fresh.who = s->who;
    if (auto r = refresh(fresh); !r) {
      spdlog::warn("live events: authorizations of {} not refreshed: {}", s->who.principal->user_id,
                   r.error().message);
      continue;
    }
    std::lock_guard lock(st.mu);
    s->tasks = std::move(fresh.tasks);
    s->instances = std::move(fresh.instances);
    s->refreshed = fresh.refreshed;
  }
  constexpr int kBatch = 1000;
  for (int round = 0; round < 10; ++round) {
    auto events = st.log.after(after, kBatch, late);
    if (!events) {
      spdlog::warn("live events not read: {}", events.error().message);
      return;
    }
    std::lock_guard lock(st.mu);
    auto now = Clock::now();
    int64_t expected = st.max_seen + 1;
    for (const auto& e : *events) {
      if (e.id <= st.max_seen) {
        st.gaps.erase(e.id);  // a late one
        continue;
      }
      for (int64_t g = expected; g < e.id && st.gaps.size() < State::kMaxGaps; ++g) st.gaps.emplace(g, now);
      expected = e.id + 1;
    }
    st.dispatch(*events);  // raises max_seen
    if (static_cast<int>(events->size()) < kBatch) return;
    after = st.max_seen;
    late.clear();
  }
}

Response EventHub::subscribe(const Request& req) {
  if (!req.principal || !req.identity) return error_response(Error::unauthorized("Authentication required"));
  std::optional<int64_t> last;
  std::string_view header = req.header("last-event-id");
  const std::string* param = req.query_param("lastEventId");
  if (!header.empty() || param) {
    std::string_view text = !header.empty() ? header : std::string_view(*param);
    int64_t v = -1;
    auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || v < 0) {
      return error_response(Error::invalid(std::string(!header.empty() ? "Last-Event-ID" : "lastEventId") +
                                           " must be a non-negative integer (the id of the last event seen)"));
    }
    last = v;
  }
  auto s = std::make_shared<Subscriber>();
  s->who.principal = req.principal;
  s->who.identity = req.identity;
  if (auto r = refresh(*s); !r) return error_response(r.error());
  Stream::Options so;
  so.max_queued_bytes = state_->options.max_queued_bytes;
  s->stream = std::make_shared<Stream>(so);
  s->stream->push(": connected\n\n");
  s->replaying = last.has_value();
  State& st = *state_;
  uint64_t id;
  {
    // The first subscriber: live events start at the log's newest one.
    std::lock_guard reading(st.read_mu);
    std::lock_guard lock(st.mu);
    if (!st.synced) {
      auto newest = st.log.last_id();
      if (!newest) return error_response(newest.error());
      st.max_seen = std::max(st.max_seen, *newest);
      st.gaps.clear();
      st.synced = true;
    }
    id = st.next_subscriber++;
    st.subscribers.emplace(id, s);
  }
  std::weak_ptr<State> weak = state_;
  s->stream->on_closed([weak, id] {
    if (auto st = weak.lock()) st->remove(id);
  });
  if (last) {
    // Registered first (live events wait in `pending`), then the database's events after
    // `last`: nothing falls between the two, and what both have goes out once.
    std::unordered_set<int64_t> replayed;
    int64_t cursor = *last;
    for (int total = 0; total < st.options.max_replay;) {
      auto batch = st.log.after(cursor, std::min(1000, st.options.max_replay - total), {});
      if (!batch) {
        spdlog::warn("live events: replay after {} failed: {}", cursor, batch.error().message);
        break;
      }
      for (const auto& e : *batch) {
        replayed.insert(e.id);
        if (may_see(*s, e)) s->stream->push(format(e));
      }
      total += static_cast<int>(batch->size());
      if (batch->size() < 1000) break;
      cursor = batch->back().id;
    }
    std::lock_guard lock(st.mu);
    for (auto& [eid, text] : s->pending) {
      if (!replayed.count(eid)) s->stream->push(*text);
    }
    s->pending.clear();
    s->replaying = false;
  }
  Response r;
  r.status = 200;
  r.content_type = "text/event-stream";
  r.stream = s->stream;
  return r;
}

}  // namespace dpc::http
