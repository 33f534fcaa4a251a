#include "dpc/core/typed_value.h"

#include "dpc/core/strings.h"

namespace dpc {

namespace {
constexpr std::pair<ValueType, std::string_view> kNames[] = {
    {ValueType::kNull, "Null"},       {ValueType::kString, "String"},
    {ValueType::kBoolean, "Boolean"}, {ValueType::kShort, "Short"},
    {ValueType::kInteger, "Integer"}, {ValueType::kLong, "Long"},
    {ValueType::kDouble, "Double"},   {ValueType::kDate, "Date"},
    {ValueType::kBytes, "Bytes"},     {ValueType::kFile, "File"},
    {ValueType::kObject, "Object"},   {ValueType::kJson, "Json"},
    {ValueType::kXml, "Xml"},
};
}  // namespace

std::string_view value_type_name(ValueType type) {
  for (auto [t, n] : kNames) {
    if (t == type) return n;
  }
  return "Null";
}

std::optional<ValueType> parse_value_type(std::string_view name) {
  for (auto [t, n] : kNames) {
    if (iequals(n, name)) return t;
  }
  return std::nullopt;
}

}  // namespace dpc
