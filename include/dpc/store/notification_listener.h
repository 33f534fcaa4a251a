// Listens on a PostgreSQL NOTIFY channel on its own connection and thread, calling
// `on_notify` for each notification (so one node's new external tasks wake another node's
// long polls). Reconnects after a lost connection. Stops in the destructor.
// With the payload form, `on_payload` gets each notification's payload, and "" after each
// (re)connect: notifications may have been missed meanwhile.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace dpc::store {

class NotificationListener {
 public:
  NotificationListener(std::string url, std::string channel, std::function<void()> on_notify);
  NotificationListener(std::string url, std::string channel,
                       std::function<void(const std::string& payload)> on_payload);
  ~NotificationListener();
  NotificationListener(const NotificationListener&) = delete;
  NotificationListener& operator=(const NotificationListener&) = delete;

 private:
  void run();
  std::string url_;
  std::string channel_;
  std::function<void(const std::string&)> on_notify_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace dpc::store
