// Applications submitted through public application forms: the port the application routes
// use and the store module implements (table form_application). Implementations are
// thread-safe.
#pragma once

#include <optional>
#include <string>

#include "dpc/core/result.h"

namespace dpc::market {

struct Application {
  std::string number;               // human-friendly application number
  std::string token;                // unguessable; with the number it reads the status
  std::string form_key;
  int form_version = 0;
  std::string process_instance_id;  // empty while the start is under way
  std::string idempotency_key;      // empty = none given
  long long created_millis = 0;
};

// A saved, unsubmitted form: found by the hash of its token (the token itself is not kept).
struct Draft {
  std::string token_hash;  // hex SHA-256 of the draft token
  std::string form_key;
  int form_version = 0;
  std::string data_json;   // the values entered so far (a JSON object)
};

// A file a customer attached to a form before sending it: found by the hash of its upload id.
struct Upload {
  std::string token_hash;    // hex SHA-256 of the upload id
  std::string form_key;
  std::string file_name;     // as the customer's device named it
  std::string content_type;  // from the bytes: application/pdf, image/jpeg or image/png
  std::string bytes;
};

class ApplicationStore {
 public:
  virtual ~ApplicationStore() = default;
  // Records `a` (without its instance yet) unless an application with the same idempotency
  // key exists: nullopt = recorded now, the caller starts the process; else the existing one
  // (its instance id empty while its own start is still under way). kConflict when the
  // number is taken (the caller draws another).
  virtual Result<std::optional<Application>> reserve(const Application& a) = 0;
  // Sets the instance of a reserved application.
  virtual Status attach_instance(const std::string& number, const std::string& instance_id) = 0;
  // Forgets a reservation whose start failed (so a retry with the key can start it).
  virtual Status release(const std::string& number) = 0;
  virtual Result<std::optional<Application>> find(const std::string& number) = 0;

  // Creates or replaces the draft with this token hash; it expires `ttl_days` after the save.
  virtual Status save_draft(const Draft& d, int ttl_days) = 0;
  // The draft with this token hash unless it is unknown or expired.
  virtual Result<std::optional<Draft>> find_draft(const std::string& token_hash) = 0;

  // Keeps an upload for `ttl_hours` (time enough to finish the form).
  virtual Status save_upload(const Upload& u, int ttl_hours) = 0;
  // The upload with this token hash unless it is unknown or expired.
  virtual Result<std::optional<Upload>> find_upload(const std::string& token_hash) = 0;
};

}  // namespace dpc::market
