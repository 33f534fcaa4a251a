// The catalogue as FEEL functions, for processes and decisions (`=catalogue price(...)` in a
// service task's camunda:expression with camunda:resultVariable, a FEEL script, an
// input/output mapping, a DMN literal expression):
//   catalogue product(key)                 the Active version: {key, version, type, name,
//                                          description, features, prices, validFor}
//   catalogue offers(request)              POST /api/catalogue/offers' answer for a request
//                                          context {customer, channel, language, date,
//                                          amount, term, product}
//   catalogue price(product, price, request)  one price's value (after promotions) for that
//                                          request, null when the product is not offered
//   catalogue template(key, language, data)   the Active template rendered (the render
//                                          answer: email {subject, html, text}, sms {text,
//                                          segments, ...}, push {title, body, data})
// They read the Active catalogue the service holds in memory (no database work inside a
// process command; this node's changes show at once, other nodes' within seconds). Bad
// arguments, unknown keys or a missing template variable give null with the reason as a
// FEEL warning.
#pragma once

#include <memory>

#include "dpc/catalogue/catalogue_service.h"

namespace dpc::feel {
class HostFunctions;
}

namespace dpc::catalogue {

class ProcessFunctions {
 public:
  // Registers the functions and loads the Active catalogue (a failure is logged by the
  // caller's next use: the functions then load it in the background).
  explicit ProcessFunctions(CatalogueService& service);
  // Removes the functions; calls under way finish first.
  ~ProcessFunctions();
  ProcessFunctions(const ProcessFunctions&) = delete;
  ProcessFunctions& operator=(const ProcessFunctions&) = delete;

  struct Link;  // the service, while this object lives

 private:
  std::shared_ptr<Link> link_;
  std::unique_ptr<feel::HostFunctions> registration_;
};

}  // namespace dpc::catalogue
