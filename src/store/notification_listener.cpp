#include "dpc/store/notification_listener.h"

#include <chrono>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

namespace dpc::store {

namespace {
class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, const std::string& channel,
           std::function<void(const std::string&)>& fn)
      : pqxx::notification_receiver(c, channel), fn_(fn) {}
  void operator()(const std::string& payload, int) override { fn_(payload); }

 private:
  std::function<void(const std::string&)>& fn_;
};
}  // namespace

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           std::function<void()> on_notify)
    : NotificationListener(std::move(url), std::move(channel),
                           [f = std::move(on_notify)](const std::string&) { f(); }) {}

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           std::function<void(const std::string&)> on_payload)
    : url_(std::move(url)), channel_(std::move(channel)), on_notify_(std::move(on_payload)) {
  thread_ = std::thread([this] { run(); });
}

NotificationListener::~NotificationListener() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void NotificationListener::run() {
  while (!stop_) {
    try {
      pqxx::connection c(url_);
      Receiver receiver(c, channel_, on_notify_);
      // A notification may have been missed while (re)connecting: wake waiters once.
      on_notify_(std::string());
      while (!stop_) c.await_notification(0, 200000);  // 200 ms, so stop is noticed
    } catch (const std::exception& e) {
      if (stop_) return;
      spdlog::warn("LISTEN {}: {}; retrying", channel_, e.what());
      for (int i = 0; i < 20 && !stop_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }
}

}  // namespace dpc::store
