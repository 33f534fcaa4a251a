// Public application forms: render, submit (validated, idempotent, starts the bound process),
// follow the application (see application_form_routes.h).
#include "dpc/http/handlers/application_form_routes.h"

#include <sodium.h>

#include <cctype>
#include <chrono>
#include <ctime>
#include <set>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "dpc/catalogue/content.h"
#include "dpc/forms/form_schema.h"
#include "dpc/forms/form_validation.h"
#include "dpc/http/query.h"
#include "dpc/http/variable_json.h"

namespace dpc::http {

namespace {

using nlohmann::json;

constexpr size_t kMaxSubmissionBody = 64 * 1024;
// A scan of a document: a phone's photo or a PDF.
constexpr size_t kMaxUploadBody = 5 * 1024 * 1024;
constexpr int kUploadHours = 24;
constexpr size_t kMaxIdempotencyKey = 200;
// The field a person never sees (hidden by the page) and a form-filling robot fills.
constexpr const char* kHoneypot = "website";

Error not_found() { return Error::not_found("No public application form with this key"); }

// The deployed form `key` (a version, or the latest) when it is a public application form:
// the record, its JSON and its settings ("application").
struct PublicForm {
  engine::FormDefinitionRecord record;
  json schema;
  json settings;
};

Result<PublicForm> public_form(engine::RepositoryService& repository, const std::string& key,
                               std::optional<int> version) {
  engine::FormLookup lookup;
  lookup.key = key;
  lookup.version = version;
  auto found = repository.find_form(lookup);
  if (!found) {
    if (found.error().kind == ErrorKind::kNotFound) {
      return version ? Error::not_found("No version " + std::to_string(*version) + " of this application form")
                     : not_found();
    }
    return found.error();
  }
  json schema = json::parse(found->second, nullptr, false);
  if (!schema.is_object()) return not_found();
  auto settings = schema.find("application");
  if (settings == schema.end() || !settings->is_object() || settings->value("public", false) != true ||
      !settings->contains("processKey") || !(*settings)["processKey"].is_string()) {
    return not_found();  // a task's form, or one not meant for the public
  }
  PublicForm out{found->first, schema, *settings};
  out.schema.erase("application");  // the bound process is the bank's business
  return out;
}

// Crockford's base32 (no I, L, O, U): easy to read out on the phone.
std::string random_code(size_t length) {
  static const char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  std::string out;
  for (size_t i = 0; i < length; ++i) out += kAlphabet[randombytes_uniform(32)];
  return out;
}

// "W-261207-7K3QXD": the date of the application and six random characters.
std::string application_number() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char date[16];
  std::strftime(date, sizeof date, "%y%m%d", &tm);
  return std::string("W-") + date + "-" + random_code(6);
}

// 32 random bytes, URL-safe base64 (43 characters).
std::string status_token() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return text;
}

std::string token_hash(const std::string& token) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

json application_answer(const market::Application& a) {
  return {{"applicationNumber", a.number},
          {"token", a.token},
          {"statusUrl", "/api/forms/applications/" + a.number + "?token=" + a.token}};
}

// The settings' "parameters": names of values the page takes from its link (the offer the
// customer chose, e.g. productId) and sends beside the form's fields.
std::vector<std::string> parameters(const PublicForm& form) {
  std::vector<std::string> out;
  for (const auto& p : form.settings.value("parameters", json::array())) {
    if (p.is_string()) out.push_back(p.get<std::string>());
  }
  return out;
}

// A parameter's value: a short code (letters, digits, . _ : -), never free text.
bool valid_parameter(const json& v) {
  if (!v.is_string()) return false;
  const auto& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != ':' && c != '-') return false;
  }
  return true;
}

Response render(ApplicationFormApi api, Request& req) {
  auto form = public_form(api.repository, req.path_param("key"), std::nullopt);
  if (!form) return error_response(form.error());
  json out = {{"key", form->record.key}, {"version", form->record.version}, {"schema", form->schema},
              {"honeypot", kHoneypot}, {"parameters", parameters(*form)}};
  return Response::json(200, out.dump());
}

// The submitted values of the form's own fields and parameters (a customer sets no other
// variable), then the settings' constant "variables" (the bank's, which a submission cannot
// override), as Camunda's untyped variable JSON: types inferred (String, Integer/Long, Double,
// Boolean), Json for lists and objects.
Result<VariableMap> typed_variables(const PublicForm& public_form, const forms::FormSchema& form, const json& data,
                                    const std::set<std::string>& dropped, const std::string& number,
                                    const VariableMap& files) {
  json vars = json::object();
  for (const auto& name : parameters(public_form)) {
    if (auto it = data.find(name); it != data.end() && valid_parameter(*it)) vars[name] = {{"value", *it}, {"type", "String"}};
  }
  for (const auto& field : form.fields) {
    auto it = data.find(field.key);
    if (it == data.end() || it->is_null() || dropped.contains(field.key) || field.key == kHoneypot) continue;
    if (field.type == "filepicker") continue;  // `files`, below
    if (it->is_structured()) {
      vars[field.key] = {{"value", it->dump()}, {"type", "Json"}};
    } else {
      vars[field.key] = {{"value", *it}};
    }
  }
  const json constants = public_form.settings.value("variables", json::object());
  for (const auto& [name, value] : constants.items()) {
    if (value.is_primitive() && !value.is_null()) vars[name] = {{"value", value}};
  }
  vars["applicationNumber"] = {{"value", number}, {"type", "String"}};
  auto out = variables_from_json(vars, "data");
  if (out) out->insert(files.begin(), files.end());
  return out;
}

// The files of the form's file fields (form-js "filepicker"): each submitted value is an upload
// id of this form (POST .../uploads), which becomes a File variable with the name and the type
// its bytes showed. An unknown or expired id is a field error ("upload").
Result<VariableMap> attached_files(ApplicationFormApi api, const PublicForm& form, const forms::FormSchema& schema,
                                   const json& data, forms::ValidationOutcome& outcome) {
  VariableMap files;
  for (const auto& field : schema.fields) {
    if (field.type != "filepicker" || outcome.dropped.contains(field.key)) continue;
    auto it = data.find(field.key);
    if (it == data.end() || it->is_null()) continue;
    std::optional<market::Upload> found;
    if (it->is_string() && !it->get_ref<const std::string&>().empty()) {
      auto upload = api.applications.find_upload(token_hash(it->get<std::string>()));
      if (!upload) return upload.error();
      if (*upload && (*upload)->form_key == form.record.key) found = std::move(**upload);
    }
    if (!found) {
      outcome.errors.push_back({field.key, "upload", field.key + " must name a file uploaded to this form in the last " +
                                                         std::to_string(kUploadHours) + " hours; choose the file again",
                                json::object()});
      continue;
    }
    TypedValue file;
    file.type = ValueType::kFile;
    file.text = std::move(found->bytes);
    file.info = {{"filename", found->file_name}, {"mimetype", found->content_type}};
    files.emplace(field.key, std::move(file));
  }
  return files;
}

Response submit(ApplicationFormApi api, Request& req) {
  auto body = json_body(req);
  if (!body) return error_response(body.error());
  auto version = integer_field(*body, "version");
  if (!version) return error_response(version.error());
  if (!*version) return error_response(Error::invalid("version is required: the form version that was rendered"));
  if (**version < 1 || **version > 1'000'000) return error_response(Error::invalid("version must be a form version"));
  auto form = public_form(api.repository, req.path_param("key"), static_cast<int>(**version));
  if (!form) return error_response(form.error());
  auto data = body->find("data");
  if (data == body->end() || !data->is_object()) return error_response(Error::invalid("data must be an object"));

  // A robot filled the field no person sees: answer like a success, start nothing.
  auto filled = [](const json& object) {
    auto t = object.find(kHoneypot);
    return t != object.end() && !t->is_null() && !(t->is_string() && t->get_ref<const std::string&>().empty());
  };
  if (filled(*body) || filled(*data)) {
    spdlog::info("application form {}: honeypot filled, submission dropped", form->record.key);
    return Response::json(201, application_answer({application_number(), status_token()}).dump());
  }

  std::string idempotency(req.header("idempotency-key"));
  if (idempotency.empty()) {
    auto k = string_field(*body, "idempotencyKey");
    if (!k) return error_response(k.error());
    idempotency = k->value_or("");
  }
  if (idempotency.size() > kMaxIdempotencyKey) {
    return error_response(Error::invalid("idempotencyKey must have at most 200 characters"));
  }

  auto schema = forms::read_form_schema(form->schema);
  if (!schema) return error_response(Error::internal("application form " + form->record.id + ": " + schema.error().message));
  auto outcome = forms::validate_submission(*schema, *data, json::object());
  for (const auto& name : parameters(*form)) {
    auto it = data->find(name);
    if (it != data->end() && !it->is_null() && !valid_parameter(*it)) {
      outcome.errors.push_back({name, "pattern", name + " must be a code of letters, digits, '.', '_', ':' or '-' (at most 100)",
                                json::object()});
    }
  }
  auto files = attached_files(api, *form, *schema, *data, outcome);
  if (!files) return error_response(files.error());
  if (!outcome.ok()) return Response::json(400, forms::validation_exception(outcome.errors).dump());

  market::Application app{application_number(), status_token(), form->record.key, form->record.version, "", idempotency, 0};
  for (int attempt = 0;; ++attempt) {
    auto reserved = api.applications.reserve(app);
    if (reserved) {
      if (*reserved) {
        const auto& earlier = **reserved;
        if (earlier.process_instance_id.empty()) {
          return error_response(Error::conflict("This application is still being submitted; try again in a moment"));
        }
        return Response::json(200, application_answer(earlier).dump());
      }
      break;
    }
    if (reserved.error().kind != ErrorKind::kConflict || attempt == 3) return error_response(reserved.error());
    app.number = application_number();  // the number was taken: draw again
  }

  auto vars = typed_variables(*form, *schema, *data, outcome.dropped, app.number, *files);
  if (!vars) {
    (void)api.applications.release(app.number);
    return error_response(vars.error());
  }
  auto started = api.runtime.start_by_key(form->settings["processKey"].get<std::string>(), app.number, *vars, false);
  if (!started) {
    (void)api.applications.release(app.number);
    // The bank's process is missing or broken: the customer learns no more than that.
    spdlog::error("application form {}: starting its process failed: {}", form->record.key, started.error().message);
    return error_response(Error::unavailable("The application cannot be accepted right now; please try again later"));
  }
  if (auto st = api.applications.attach_instance(app.number, started->instance.id); !st) {
    return error_response(st.error());
  }
  return Response::json(201, application_answer(app).dump());
}

std::string label(const json& step, const Request& req) {
  auto l = step.find("label");
  if (l == step.end()) return step.value("id", "");
  if (l->is_string()) return l->get<std::string>();
  std::string lang = std::string(req.header("accept-language")).starts_with("en") ? "en" : "pl";
  if (l->is_object() && l->contains(lang) && (*l)[lang].is_string()) return (*l)[lang].get<std::string>();
  return step.value("id", "");
}

Response status(ApplicationFormApi api, Request& req) {
  const std::string& number = req.path_param("number");
  const std::string* token = req.query_param("token");
  auto app = api.applications.find(number);
  if (!app) return error_response(app.error());
  // A wrong token looks exactly like an unknown number.
  if (!*app || !token || token->size() != (*app)->token.size() ||
      sodium_memcmp(token->data(), (*app)->token.data(), token->size()) != 0 ||
      (*app)->process_instance_id.empty()) {
    return error_response(Error::not_found("No application with this number and token"));
  }
  auto form = public_form(api.repository, (*app)->form_key, (*app)->form_version);
  json steps = json::array();
  if (form && form->settings.contains("steps") && form->settings["steps"].is_array()) {
    engine::HistoricActivityInstanceQuery q;
    q.process_instance_id = (*app)->process_instance_id;
    auto activities = api.history.historic_activity_instances(q);
    if (!activities) return error_response(activities.error());
    std::set<std::string> reached;
    for (const auto& a : *activities) reached.insert(a.activity_id);
    // The current step is the last one any of whose activities has been reached.
    int current = -1, i = 0;
    for (const auto& step : form->settings["steps"]) {
      for (const auto& id : step.value("activities", json::array())) {
        if (id.is_string() && reached.contains(id.get<std::string>())) current = i;
      }
      ++i;
    }
    i = 0;
    for (const auto& step : form->settings["steps"]) {
      if (!step.is_object()) continue;
      std::string state = i < current ? "done" : i == current ? "current" : "pending";
      steps.push_back({{"id", step.value("id", "")}, {"label", label(step, req)}, {"state", state}});
      ++i;
    }
  }
  char submitted[32];
  std::time_t secs = static_cast<std::time_t>((*app)->created_millis / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::strftime(submitted, sizeof submitted, "%Y-%m-%dT%H:%M:%SZ", &tm);
  json out = {{"applicationNumber", (*app)->number}, {"submitted", submitted}, {"steps", steps}};
  return Response::json(200, out.dump());
}

constexpr int kDraftDays = 30;

// {"version", "data"} of a draft: the version must exist and be public; only the form's own
// fields are kept (nothing is validated: a draft may be half-filled).
Result<market::Draft> read_draft(ApplicationFormApi api, const std::string& key, Request& req) {
  auto body = json_body(req);
  if (!body) return body.error();
  auto version = integer_field(*body, "version");
  if (!version) return version.error();
  if (!*version || **version < 1 || **version > 1'000'000) {
    return Error::invalid("version is required: the form version that was rendered");
  }
  auto form = public_form(api.repository, key, static_cast<int>(**version));
  if (!form) return form.error();
  auto data = body->find("data");
  if (data == body->end() || !data->is_object()) return Error::invalid("data must be an object");
  auto schema = forms::read_form_schema(form->schema);
  if (!schema) return Error::internal("application form " + form->record.id + ": " + schema.error().message);
  json kept = json::object();
  for (const auto& field : schema->fields) {
    if (auto it = data->find(field.key); it != data->end()) kept[field.key] = *it;
  }
  for (const auto& name : parameters(*form)) {
    if (auto it = data->find(name); it != data->end() && valid_parameter(*it)) kept[name] = *it;
  }
  return market::Draft{"", form->record.key, form->record.version, kept.dump()};
}

Response create_draft(ApplicationFormApi api, Request& req) {
  auto draft = read_draft(api, req.path_param("key"), req);
  if (!draft) return error_response(draft.error());
  std::string token = status_token();
  draft->token_hash = token_hash(token);
  if (auto st = api.applications.save_draft(*draft, kDraftDays); !st) return error_response(st.error());
  json out = {{"draftToken", token}, {"resumeUrl", "/api/forms/drafts/" + token}, {"expiresInDays", kDraftDays}};
  return Response::json(201, out.dump());
}

Response update_draft(ApplicationFormApi api, Request& req) {
  std::string hash = token_hash(req.path_param("token"));
  auto existing = api.applications.find_draft(hash);
  if (!existing) return error_response(existing.error());
  if (!*existing) return error_response(Error::not_found("No draft with this token (drafts expire after 30 days)"));
  auto draft = read_draft(api, (*existing)->form_key, req);
  if (!draft) return error_response(draft.error());
  draft->token_hash = hash;
  if (auto st = api.applications.save_draft(*draft, kDraftDays); !st) return error_response(st.error());
  return Response::no_content();
}

Response resume_draft(ApplicationFormApi api, Request& req) {
  auto draft = api.applications.find_draft(token_hash(req.path_param("token")));
  if (!draft) return error_response(draft.error());
  if (!*draft) return error_response(Error::not_found("No draft with this token (drafts expire after 30 days)"));
  // The version the draft was made on, so the page renders the same form it validates against.
  auto form = public_form(api.repository, (*draft)->form_key, (*draft)->form_version);
  if (!form) return error_response(form.error());
  json out = {{"key", (*draft)->form_key},
              {"version", (*draft)->form_version},
              {"schema", form->schema},
              {"honeypot", kHoneypot},
              {"parameters", parameters(*form)},
              {"data", json::parse((*draft)->data_json, nullptr, false)}};
  return Response::json(200, out.dump());
}

// The last part of the name the customer's device gave, without control characters, at most
// 200 characters ("document" when nothing is left).
std::string clean_file_name(std::string_view name) {
  if (auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (unsigned char c : name) {
    if (c >= 32 && c != 127) out += static_cast<char>(c);
  }
  if (out.size() > 200) {
    size_t end = 200;
    while (end > 0 && (static_cast<unsigned char>(out[end]) & 0xC0) == 0x80) --end;  // not inside a character
    out.resize(end);
  }
  return out.empty() ? "document" : out;
}

// POST /api/forms/{key}/uploads?name=scan.pdf with the file's bytes as the body.
Response upload(ApplicationFormApi api, Request& req) {
  auto form = public_form(api.repository, req.path_param("key"), std::nullopt);
  if (!form) return error_response(form.error());
  if (req.body.empty()) return error_response(Error::invalid("file is empty: send the file's bytes as the request body"));
  std::string type = catalogue::sniff_content_type(req.body);
  if (type != "application/pdf" && type != "image/jpeg" && type != "image/png") {
    return error_response(Error::invalid("file must be a PDF, JPEG or PNG document (checked by its content, not its name)"));
  }
  const std::string* name = req.query_param("name");
  std::string token = status_token();
  market::Upload u{token_hash(token), form->record.key, clean_file_name(name ? *name : ""), type, req.body};
  if (auto st = api.applications.save_upload(u, kUploadHours); !st) return error_response(st.error());
  json out = {{"uploadId", token}, {"name", u.file_name}, {"type", type}, {"size", req.body.size()}};
  return Response::json(201, out.dump());
}

}  // namespace

void add_application_form_routes(Router& router, ApplicationFormApi api) {
  router.add(Method::kPost, "/api/forms/{key}/drafts",
             public_endpoint(api.limiter, kMaxSubmissionBody, [api](Request& r) { return create_draft(api, r); }));
  router.add(Method::kPut, "/api/forms/drafts/{token}",
             public_endpoint(api.limiter, kMaxSubmissionBody, [api](Request& r) { return update_draft(api, r); }));
  router.add(Method::kGet, "/api/forms/drafts/{token}",
             public_endpoint(api.limiter, kMaxSubmissionBody, [api](Request& r) { return resume_draft(api, r); }));
  router.add(Method::kGet, "/api/forms/{key}",
             public_endpoint(api.limiter, kMaxSubmissionBody, [api](Request& r) { return render(api, r); }));
  router.add(Method::kPost, "/api/forms/{key}/submissions",
             public_endpoint(api.limiter, kMaxSubmissionBody, [api](Request& r) { return submit(api, r); }));
  router.add(Method::kPost, "/api/forms/{key}/uploads",
             public_endpoint(api.limiter, kMaxUploadBody, [api](Request& r) { return upload(api, r); }));
  router.add(Method::kGet, "/api/forms/applications/{number}",
             public_endpoint(api.limiter, kMaxSubmissionBody, [api](Request& r) { return status(api, r); }));
}

}  // namespace dpc::http
