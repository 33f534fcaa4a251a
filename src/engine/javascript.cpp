// Duktape behind javascript.h. Duktape reports errors with setjmp/longjmp (it is built as C),
// which must not cross C++ frames that own objects: every step that may throw a JS error runs
// inside duk_safe_call/duk_pcall, and the C++ code between those boundaries keeps no object
// with a destructor alive across a Duktape call that can throw (except out of memory).
#include "javascript.h"

#include "dpc/engine/script_limits.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "duktape.h"

namespace dpc::engine::js {

class Program {
 public:
  std::string bytecode;
};

namespace {

using Clock = std::chrono::steady_clock;

// One run's state: Duktape's heap user data (the allocator and the timeout check see it).
struct Heap {
  Clock::time_point deadline;
  bool timed_out = false;
  std::size_t used = 0;
  std::size_t limit = 0;
  bool out_of_memory = false;
  const Environment* env = nullptr;
  const Program* program = nullptr;
  TypedValue result;
  std::string error;
};

// Allocation with a byte budget: every block carries its size in a header.
constexpr std::size_t kHeader = alignof(std::max_align_t);

std::size_t& block_size(void* base) { return *static_cast<std::size_t*>(base); }

void* heap_alloc(void* udata, duk_size_t size) {
  auto* h = static_cast<Heap*>(udata);
  if (h->used + size > h->limit) {
    h->out_of_memory = true;
    return nullptr;
  }
  void* base = std::malloc(size + kHeader);
  if (!base) return nullptr;
  block_size(base) = size;
  h->used += size;
  return static_cast<char*>(base) + kHeader;
}

void heap_free(void* udata, void* ptr) {
  if (!ptr) return;
  auto* h = static_cast<Heap*>(udata);
  void* base = static_cast<char*>(ptr) - kHeader;
  h->used -= block_size(base);
  std::free(base);
}

void* heap_realloc(void* udata, void* ptr, duk_size_t size) {
  if (!ptr) return heap_alloc(udata, size);
  auto* h = static_cast<Heap*>(udata);
  void* base = static_cast<char*>(ptr) - kHeader;
  std::size_t old = block_size(base);
  if (size > old && h->used + (size - old) > h->limit) {
    h->out_of_memory = true;
    return nullptr;
  }
  void* moved = std::realloc(base, size + kHeader);
  if (!moved) return nullptr;
  h->used = h->used - old + size;
  block_size(moved) = size;
  return static_cast<char*>(moved) + kHeader;
}

// Reached only for errors outside any protected call, which this file never makes.
void heap_fatal(void*, const char* msg) {
  spdlog::critical("JavaScript engine fatal error: {}", msg ? msg : "");
  std::abort();
}

Heap* heap_of(duk_context* ctx) {
  duk_memory_functions f;
  duk_get_memory_functions(ctx, &f);
  return static_cast<Heap*>(f.udata);
}

TypedValue number_value(double d) {
  if (std::isfinite(d) && d == std::trunc(d)) {
    if (d >= INT32_MIN && d <= INT32_MAX) {
      return TypedValue::long_value(static_cast<std::int64_t>(d), ValueType::kInteger);
    }
    if (std::fabs(d) <= 9007199254740992.0) return TypedValue::long_value(static_cast<std::int64_t>(d));
  }
  return TypedValue::double_value(d);
}

duk_ret_t json_decode(duk_context* ctx, void*) {
  duk_json_decode(ctx, -1);
  return 1;
}
duk_ret_t json_encode(duk_context* ctx, void*) {
  duk_json_encode(ctx, -1);
  return 1;
}
duk_ret_t date_millis(duk_context* ctx, void*) {
  duk_get_prop_string(ctx, -1, "getTime");
  duk_swap_top(ctx, -2);
  duk_call_method(ctx, 0);
  return 1;
}

void push_value(duk_context* ctx, const TypedValue& v) {
  switch (v.type) {
    case ValueType::kNull: duk_push_null(ctx); return;
    case ValueType::kBoolean: duk_push_boolean(ctx, v.boolean); return;
    case ValueType::kShort:
    case ValueType::kInteger:
    case ValueType::kLong: duk_push_number(ctx, static_cast<double>(v.integer)); return;
    case ValueType::kDouble: duk_push_number(ctx, v.number); return;
    case ValueType::kDate:
      duk_get_global_string(ctx, "Date");
      duk_push_number(ctx, static_cast<double>(v.integer));
      duk_new(ctx, 1);
      return;
    case ValueType::kJson:
      duk_push_lstring(ctx, v.text.data(), v.text.size());
      duk_dup_top(ctx);
      if (duk_safe_call(ctx, json_decode, nullptr, 1, 1) == DUK_EXEC_SUCCESS) {
        duk_remove(ctx, -2);
      } else {
        duk_pop(ctx);  // not JSON after all: the script sees the text
      }
      return;
    default: duk_push_lstring(ctx, v.text.data(), v.text.size()); return;
  }
}

void push_map(duk_context* ctx, const VariableMap& values) {
  duk_push_object(ctx);
  for (const auto& [name, value] : values) {
    push_value(ctx, value);
    duk_put_prop_lstring(ctx, -2, name.data(), name.size());
  }
}

// The value at `idx` as a Camunda value. Does not throw into the caller (out of memory aside).
TypedValue read_value(duk_context* ctx, duk_idx_t idx) {
  idx = duk_normalize_index(ctx, idx);
  switch (duk_get_type(ctx, idx)) {
    case DUK_TYPE_BOOLEAN: return TypedValue::boolean_value(duk_get_boolean(ctx, idx));
    case DUK_TYPE_NUMBER: return number_value(duk_get_number(ctx, idx));
    case DUK_TYPE_STRING: {
      duk_size_t n = 0;
      const char* s = duk_get_lstring(ctx, idx, &n);
      return TypedValue::string(std::string(s, n));
    }
    case DUK_TYPE_OBJECT: {
      if (duk_is_function(ctx, idx)) return TypedValue::null();
      duk_get_global_string(ctx, "Date");
      bool is_date = duk_instanceof(ctx, idx, -1);
      duk_pop(ctx);
      duk_dup(ctx, idx);
      if (is_date) {
        bool ok = duk_safe_call(ctx, date_millis, nullptr, 1, 1) == DUK_EXEC_SUCCESS && duk_is_number(ctx, -1);
        double ms = ok ? duk_get_number(ctx, -1) : NAN;
        duk_pop(ctx);
        if (!std::isfinite(ms)) return TypedValue::null();  // an invalid Date
        return TypedValue::date(static_cast<std::int64_t>(ms));
      }
      if (duk_safe_call(ctx, json_encode, nullptr, 1, 1) != DUK_EXEC_SUCCESS || !duk_is_string(ctx, -1)) {
        duk_pop(ctx);  // cyclic, or nothing JSON can show
        return TypedValue::null();
      }
      duk_size_t n = 0;
      const char* s = duk_get_lstring(ctx, -1, &n);
      TypedValue v = TypedValue::json(std::string(s, n));
      duk_pop(ctx);
      return v;
    }
    default: return TypedValue::null();
  }
}

// A host object's method: the function carries its object's index and its method name.
duk_ret_t host_dispatch(duk_context* ctx) {
  Heap* h = heap_of(ctx);
  bool failed = false;
  {
    duk_idx_t argc = duk_get_top(ctx);
    duk_push_current_function(ctx);
    duk_get_prop_string(ctx, -1, DUK_HIDDEN_SYMBOL("o"));
    auto object = static_cast<std::size_t>(duk_get_uint(ctx, -1));
    duk_get_prop_string(ctx, -2, DUK_HIDDEN_SYMBOL("m"));
    std::string method = duk_get_string(ctx, -1);
    duk_pop_3(ctx);
    std::vector<TypedValue> args;
    for (duk_idx_t i = 0; i < argc; ++i) args.push_back(read_value(ctx, i));
    const auto& [object_name, host] = h->env->objects.at(object);
    Result<HostValue> r = host->call(method, args);
    if (!r) {
      duk_push_error_object(ctx, DUK_ERR_ERROR, "%s", r.error().message.c_str());
      failed = true;
    } else if (!r->object.empty()) {
      duk_get_global_lstring(ctx, r->object.data(), r->object.size());
    } else if (r->map) {
      push_map(ctx, *r->map);
    } else {
      push_value(ctx, r->value);
    }
  }
  if (failed) return duk_throw(ctx);  // no C++ object of this frame is alive here
  return 1;
}

void define_host_object(duk_context* ctx, std::size_t index, const std::string& name, HostObject& host) {
  duk_push_object(ctx);
  for (const std::string& m : host.methods()) {
    duk_push_c_function(ctx, host_dispatch, DUK_VARARGS);
    duk_push_uint(ctx, static_cast<duk_uint_t>(index));
    duk_put_prop_string(ctx, -2, DUK_HIDDEN_SYMBOL("o"));
    duk_push_lstring(ctx, m.data(), m.size());
    duk_put_prop_string(ctx, -2, DUK_HIDDEN_SYMBOL("m"));
    duk_put_prop_lstring(ctx, -2, m.data(), m.size());
  }
  duk_put_global_lstring(ctx, name.data(), name.size());
}

duk_ret_t run_program(duk_context* ctx, void* udata) {
  auto* h = static_cast<Heap*>(udata);
  duk_push_global_object(ctx);
  for (const auto& [name, value] : h->env->globals) {
    // The built-ins win over a variable of the same name (Date, Math, JSON, undefined, ...):
    // some are read-only, and this file relies on Date.
    if (duk_has_prop_lstring(ctx, -1, name.data(), name.size())) continue;
    push_value(ctx, value);
    duk_put_prop_lstring(ctx, -2, name.data(), name.size());
  }
  duk_pop(ctx);
  for (std::size_t i = 0; i < h->env->objects.size(); ++i) {
    define_host_object(ctx, i, h->env->objects[i].first, *h->env->objects[i].second);
  }
  const std::string& code = h->program->bytecode;
  void* buf = duk_push_fixed_buffer(ctx, code.size());
  std::memcpy(buf, code.data(), code.size());
  duk_load_function(ctx);
  duk_call(ctx, 0);
  h->result = read_value(ctx, -1);
  return 0;
}

// "Error: boom (line 3)" for a thrown Error; the value as text for anything else thrown.
duk_ret_t describe_error(duk_context* ctx, void* udata) {
  auto* h = static_cast<Heap*>(udata);
  duk_dup_top(ctx);
  h->error = duk_safe_to_string(ctx, -1);
  duk_pop(ctx);
  if (duk_is_error(ctx, -1)) {
    duk_get_prop_string(ctx, -1, "lineNumber");
    if (duk_is_number(ctx, -1) && duk_get_int(ctx, -1) > 0) {
      h->error += " (line " + std::to_string(duk_get_int(ctx, -1)) + ")";
    }
    duk_pop(ctx);
  }
  return 0;
}

std::shared_mutex cache_mu;
std::unordered_map<std::string, std::shared_ptr<const Program>> cache;
constexpr std::size_t kCacheLimit = 10000;  // distinct script texts; then start over

}  // namespace

namespace {
std::atomic<long long> time_limit_ms{2000};
}  // namespace

std::chrono::milliseconds default_time_limit() {
  return std::chrono::milliseconds(time_limit_ms.load(std::memory_order_relaxed));
}

Result<std::shared_ptr<const Program>> compile(const std::string& source) {
  {
    std::shared_lock lock(cache_mu);
    if (auto it = cache.find(source); it != cache.end()) return it->second;
  }
  duk_context* ctx = duk_create_heap(nullptr, nullptr, nullptr, nullptr, heap_fatal);
  if (!ctx) return Error::internal("cannot create a JavaScript heap");
  duk_push_string(ctx, "script");
  std::optional<Error> error;
  auto program = std::make_shared<Program>();
  if (duk_pcompile_lstring_filename(ctx, 0, source.data(), source.size()) != 0) {
    error = Error::invalid(duk_safe_to_string(ctx, -1), "ScriptCompilationException");
  } else {
    duk_dump_function(ctx);
    duk_size_t n = 0;
    const char* data = static_cast<const char*>(duk_get_buffer_data(ctx, -1, &n));
    program->bytecode.assign(data, n);
  }
  duk_destroy_heap(ctx);
  if (error) return *error;
  std::unique_lock lock(cache_mu);
  if (cache.size() >= kCacheLimit) cache.clear();
  return cache.emplace(source, std::move(program)).first->second;
}

Result<TypedValue> run(const Program& program, const Environment& env) {
  Heap h;
  h.deadline = Clock::now() + env.time_limit;
  h.limit = env.memory_limit;
  h.env = &env;
  h.program = &program;
  duk_context* ctx = duk_create_heap(heap_alloc, heap_realloc, heap_free, &h, heap_fatal);
  if (!ctx) return Error::internal("cannot create a JavaScript heap");
  duk_int_t rc = duk_safe_call(ctx, run_program, &h, 0, 1);
  if (rc != DUK_EXEC_SUCCESS) {
    h.limit = SIZE_MAX;  // room to describe the error
    if (duk_safe_call(ctx, describe_error, &h, 0, 0) != DUK_EXEC_SUCCESS) h.error = "script failed";
  }
  duk_destroy_heap(ctx);
  // A script that caught the timeout's RangeError and then ended still ran out of time.
  if (rc == DUK_EXEC_SUCCESS && !h.timed_out) return std::move(h.result);
  if (h.timed_out) {
    return Error::invalid("script exceeded its time limit of " + std::to_string(env.time_limit.count()) +
                              " ms and was stopped",
                          "ScriptEvaluationException");
  }
  if (h.out_of_memory) {
    return Error::invalid("script exceeded its memory limit of " + std::to_string(env.memory_limit >> 20) +
                              " MiB and was stopped (" + h.error + ")",
                          "ScriptEvaluationException");
  }
  return Error::invalid(h.error, "ScriptEvaluationException");
}

}  // namespace dpc::engine::js

namespace dpc::engine {

void set_script_time_limit(std::chrono::milliseconds limit) {
  js::time_limit_ms.store(limit.count() > 0 ? limit.count() : 2000, std::memory_order_relaxed);
}

}  // namespace dpc::engine

// Duktape's executor interrupt (DUK_USE_EXEC_TIMEOUT_CHECK, see src/engine/CMakeLists.txt).
// Once past the deadline it keeps answering yes, so a script that catches the RangeError
// is stopped again at its next interrupt.
extern "C" int dpc_duktape_timed_out(void* udata) {
  auto* h = static_cast<dpc::engine::js::Heap*>(udata);
  if (!h) return 0;  // the compile heap: compiling always ends
  if (h->timed_out) return 1;
  if (dpc::engine::js::Clock::now() < h->deadline) return 0;
  h->timed_out = true;
  return 1;
}
