// Communication templates (e-mail, SMS, push): checks of a template's body, placeholders
// `{{ path }}`, rendering with data and the SMS length and segment count. Pure functions,
// thread-safe. The REST shapes are in src/catalogue/README.md ("Templates").
//
// Body: {"channel": "email"|"sms"|"push", "name", "description", "product" (a product key
// for {{product.*}}), "content": {lang: email {"subject","html","text"} | sms {"text"} |
// push {"title","body","data": {name: text}}}, "sampleData": {...}}.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dpc/catalogue/model.h"
#include "dpc/core/result.h"

namespace dpc::catalogue {

// Checks a template body (400s name the field: "content.pl.html: '{{' at 14 is not
// closed"), cleans its HTML with sanitize_html. `channel` is the template's channel.
Status check_template(Json& body);

// Every placeholder path the content uses, sorted, without duplicates.
std::vector<std::string> template_variables(const Json& content);

// How an SMS text is sent: GSM-7 (3GPP 23.038 default alphabet; its extension characters
// ^ { } \ [ ] ~ | € and form feed take two septets) when every character is in it, else
// UCS-2 (UTF-16 units). One segment holds 160 septets / 70 units; longer texts are split
// in segments of 153 / 67 (an escape pair or a surrogate pair is never split).
struct SmsCount {
  std::string encoding;  // "GSM-7" or "UCS-2"
  int characters = 0;    // Unicode characters
  int length = 0;        // septets or UTF-16 units
  int segments = 0;      // 0 for an empty text
  int segment_length = 0;  // 160, 153, 70 or 67
};
SmsCount count_sms(std::string_view utf8);

// Renders `content` (all languages) of a `channel` template in `language` with `data`
// (an object; `product` variables already inside it as data["product"]). 400 naming the
// first missing variable: "data.customer.firstName: is missing (used in content.pl.text)".
// Answers email {"subject","html","text"}, sms {"text","encoding","characters","length",
// "segments","segmentLength"}, push {"title","body","data"}. HTML values are escaped and the
// result cleaned again, so a value can never add markup or an unsafe link.
Result<Json> render_template(const std::string& channel, const Json& content, const std::string& language,
                             const Json& data);

// The `product` variables of a template: key, version, name and description in `language`
// (falling back to English, then any), features.
Json product_variables(const Item& product, const std::string& language);

}  // namespace dpc::catalogue
