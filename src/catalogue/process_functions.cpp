// The catalogue's FEEL functions for processes (see dpc/catalogue/process_functions.h).
#include "dpc/catalogue/process_functions.h"

#include <mutex>
#include <shared_mutex>

#include "dpc/catalogue/templates.h"
#include "dpc/feel/evaluator.h"
#include "dpc/feel/host_functions.h"
#include "dpc/feel/json.h"

namespace dpc::catalogue {

struct ProcessFunctions::Link {
  std::shared_mutex mu;
  CatalogueService* service = nullptr;  // guarded by mu; null once the functions are removed
};

namespace {

using Link = ProcessFunctions::Link;
using Args = std::span<const feel::Value>;

// Runs `fn` with the Active catalogue, or warns why there is none.
template <class F>
feel::Value with_active(Link& link, feel::EvalContext& ctx, const char* name, F fn) {
  std::shared_lock lock(link.mu);
  if (!link.service) {
    ctx.warn(std::string(name) + ": the catalogue is not available");
    return {};
  }
  auto active = link.service->active_at_hand();
  if (!active) {
    ctx.warn(std::string(name) + ": the catalogue is not loaded yet");
    return {};
  }
  return fn(*active);
}

std::optional<std::string> text_arg(Args args, size_t i, const char* fn, const char* param, feel::EvalContext& ctx) {
  if (i < args.size() && args[i].is(feel::Type::kString)) return args[i].as_string();
  ctx.warn(std::string(fn) + ": " + param + " must be a string");
  return std::nullopt;
}

std::optional<OfferRequest> offer_request(const feel::Value& v, const char* fn, feel::EvalContext& ctx,
                                          const std::optional<std::string>& product = std::nullopt) {
  Json body = v.is(feel::Type::kContext) ? feel::to_json(v) : Json();
  if (!body.is_object()) {
    ctx.warn(std::string(fn) + ": request must be a context {customer, channel, ...}");
    return std::nullopt;
  }
  if (product) body["product"] = *product;
  auto r = read_offer_request(body, today());
  if (!r) {
    ctx.warn(std::string(fn) + ": " + r.error().message);
    return std::nullopt;
  }
  return *r;
}

std::vector<feel::BuiltinSpec> specs(const std::shared_ptr<Link>& link) {
  std::vector<feel::BuiltinSpec> out;
  out.push_back({"catalogue product", {{"key"}}, "The Active version of a catalogue product",
                 [link](Args args, feel::EvalContext& ctx) -> feel::Value {
                   auto key = text_arg(args, 0, "catalogue product", "key", ctx);
                   if (!key) return {};
                   return with_active(*link, ctx, "catalogue product", [&](const ActiveCatalogue& a) -> feel::Value {
                     auto it = a.products.find(*key);
                     if (it == a.products.end()) {
                       ctx.warn("catalogue product: no Active product " + *key);
                       return {};
                     }
                     const Item& p = it->second;
                     Json out = {{"key", p.key}, {"version", p.version}, {"type", p.type_key},
                                 {"name", p.body.value("name", Json::object())},
                                 {"description", p.body.value("description", Json::object())},
                                 {"features", p.body.value("features", Json::object())},
                                 {"prices", p.body.value("prices", Json::array())},
                                 {"validFor", {{"startDateTime", p.valid_from ? Json(*p.valid_from) : Json()},
                                               {"endDateTime", p.valid_to ? Json(*p.valid_to) : Json()}}}};
                     return feel::from_json(out);
                   });
                 }});
  out.push_back({"catalogue offers", {{"request"}}, "The offers a customer may get (POST /api/catalogue/offers)",
                 [link](Args args, feel::EvalContext& ctx) -> feel::Value {
                   auto rq = offer_request(args.empty() ? feel::Value() : args[0], "catalogue offers", ctx);
                   if (!rq) return {};
                   return with_active(*link, ctx, "catalogue offers", [&](const ActiveCatalogue& a) {
                     return feel::from_json(a.offers->evaluate(*rq));
                   });
                 }});
  out.push_back({"catalogue price", {{"product"}, {"price"}, {"request"}},
                 "One price of a product for a request, after promotions; null when not offered",
                 [link](Args args, feel::EvalContext& ctx) -> feel::Value {
                   auto product = text_arg(args, 0, "catalogue price", "product", ctx);
                   auto price = text_arg(args, 1, "catalogue price", "price", ctx);
                   if (!product || !price) return {};
                   auto rq = offer_request(args.size() > 2 ? args[2] : feel::Value(), "catalogue price", ctx, product);
                   if (!rq) return {};
                   return with_active(*link, ctx, "catalogue price", [&](const ActiveCatalogue& a) -> feel::Value {
                     Json answer = a.offers->evaluate(*rq);
                     for (const auto& offer : answer["offers"]) {
                       for (const auto& p : offer["prices"]) {
                         if (p.value("key", "") == *price) return feel::from_json(p["value"]);
                       }
                       ctx.warn("catalogue price: product " + *product + " has no price " + *price);
                       return {};
                     }
                     std::string why = "no Active product " + *product;
                     for (const auto& e : answer["excluded"]) {
                       why = "product " + *product + " is not offered:";
                       for (const auto& r : e["reasons"]) why += " " + r.value("message", "");
                     }
                     ctx.warn("catalogue price: " + why);
                     return {};
                   });
                 }});
  out.push_back({"catalogue template", {{"key"}, {"language"}, {"data"}},
                 "The Active communication template rendered with data",
                 [link](Args args, feel::EvalContext& ctx) -> feel::Value {
                   auto key = text_arg(args, 0, "catalogue template", "key", ctx);
                   auto language = text_arg(args, 1, "catalogue template", "language", ctx);
                   if (!key || !language) return {};
                   Json data = args.size() > 2 && args[2].is(feel::Type::kContext) ? feel::to_json(args[2]) : Json::object();
                   return with_active(*link, ctx, "catalogue template", [&](const ActiveCatalogue& a) -> feel::Value {
                     auto it = a.templates.find(*key);
                     if (it == a.templates.end()) {
                       ctx.warn("catalogue template: no Active template " + *key);
                       return {};
                     }
                     const Item* product = nullptr;
                     std::optional<std::string> named;
                     if (data.contains("productId") && data["productId"].is_string()) named = data["productId"].get<std::string>();
                     else if (it->second.body.contains("product")) named = it->second.body["product"].get<std::string>();
                     if (named) {
                       auto p = a.products.find(*named);
                       if (p != a.products.end()) product = &p->second;
                     }
                     auto out = render_version(it->second, *language, data, product);
                     if (!out) {
                       ctx.warn("catalogue template " + *key + ": " + out.error().message);
                       return {};
                     }
                     return feel::from_json(*out);
                   });
                 }});
  return out;
}

}  // namespace

ProcessFunctions::ProcessFunctions(CatalogueService& service) : link_(std::make_shared<Link>()) {
  link_->service = &service;
  (void)service.load_active();
  registration_ = std::make_unique<feel::HostFunctions>(specs(link_));
}

ProcessFunctions::~ProcessFunctions() {
  registration_.reset();
  std::unique_lock lock(link_->mu);
  link_->service = nullptr;
}

}  // namespace dpc::catalogue
