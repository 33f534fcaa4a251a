// The table of Java static methods dpc provides for `external` functions.
#include "dpc/feel/java_functions.h"

#include <cmath>
#include <functional>

#include "builtin_util.h"

namespace dpc::feel {
using namespace bi;

namespace {

using JavaImpl = std::function<Value(Args)>;

struct JavaMethod {
  const char* cls;
  std::string signature;  // normalized: no spaces
  const char* description;
  JavaImpl impl;
};

std::optional<double> as_double(const Value& v) {
  if (!v.is(Type::kNumber)) return std::nullopt;
  return v.as_number().to_double();
}
std::optional<int64_t> as_integral(const Value& v) {
  if (!v.is(Type::kNumber)) return std::nullopt;
  return v.as_number().to_int64();
}
Value from_double(double d) {
  if (!std::isfinite(d)) return {};
  return Value::from_optional(Decimal::from_double(d));
}

JavaImpl unary_double(double (*f)(double)) {
  return [f](Args a) -> Value {
    auto x = as_double(arg(a, 0));
    return x ? from_double(f(*x)) : Value();
  };
}
JavaImpl binary_double(double (*f)(double, double)) {
  return [f](Args a) -> Value {
    auto x = as_double(arg(a, 0)), y = as_double(arg(a, 1));
    return x && y ? from_double(f(*x, *y)) : Value();
  };
}
JavaImpl binary_integral(int64_t (*f)(int64_t, int64_t)) {
  return [f](Args a) -> Value {
    auto x = as_integral(arg(a, 0)), y = as_integral(arg(a, 1));
    return x && y ? Value(f(*x, *y)) : Value();
  };
}
JavaImpl integral_identity() {
  return [](Args a) -> Value {
    auto x = as_integral(arg(a, 0));
    return x ? Value(*x) : Value();
  };
}
JavaImpl parse_number(bool integral) {
  return [integral](Args a) -> Value {
    const std::string* s = str(a, 0);
    if (!s) return {};
    auto d = Decimal::parse(*s);
    if (!d || (integral && !d->to_int64())) return {};
    return *d;
  };
}
// String.format with %s and %d (the conversions a decision model can meaningfully use).
Value format(Args a) {
  const std::string* f = str(a, 0);
  if (!f) return {};
  std::string out;
  size_t next = 1;
  for (size_t i = 0; i < f->size(); ++i) {
    if ((*f)[i] != '%' || i + 1 >= f->size()) {
      out += (*f)[i];
      continue;
    }
    char c = (*f)[++i];
    if (c == '%') out += '%';
    else if (c == 'n') out += '\n';
    else if (c == 's' || c == 'd') out += next < a.size() ? a[next++].to_string() : "null";
    else return {};
  }
  return out;
}

const std::vector<JavaMethod>& java_table() {
  static const std::vector<JavaMethod> t = [] {
    std::vector<JavaMethod> m;
    m.push_back({"java.lang.Math", "cos(double)", "cosine", unary_double(std::cos)});
    m.push_back({"java.lang.Math", "sin(double)", "sine", unary_double(std::sin)});
    m.push_back({"java.lang.Math", "tan(double)", "tangent", unary_double(std::tan)});
    m.push_back({"java.lang.Math", "acos(double)", "arc cosine", unary_double(std::acos)});
    m.push_back({"java.lang.Math", "asin(double)", "arc sine", unary_double(std::asin)});
    m.push_back({"java.lang.Math", "atan(double)", "arc tangent", unary_double(std::atan)});
    m.push_back({"java.lang.Math", "sqrt(double)", "square root", unary_double(std::sqrt)});
    m.push_back({"java.lang.Math", "cbrt(double)", "cube root", unary_double(std::cbrt)});
    m.push_back({"java.lang.Math", "exp(double)", "e to the power", unary_double(std::exp)});
    m.push_back({"java.lang.Math", "log(double)", "natural logarithm", unary_double(std::log)});
    m.push_back({"java.lang.Math", "log10(double)", "base-10 logarithm", unary_double(std::log10)});
    m.push_back({"java.lang.Math", "floor(double)", "round down", unary_double(std::floor)});
    m.push_back({"java.lang.Math", "ceil(double)", "round up", unary_double(std::ceil)});
    m.push_back({"java.lang.Math", "abs(double)", "absolute value", unary_double(std::fabs)});
    m.push_back({"java.lang.Math", "pow(double,double)", "power", binary_double(std::pow)});
    m.push_back({"java.lang.Math", "atan2(double,double)", "angle", binary_double(std::atan2)});
    auto dmax = [](double x, double y) { return x > y ? x : y; };
    auto dmin = [](double x, double y) { return x < y ? x : y; };
    auto imax = [](int64_t x, int64_t y) { return x > y ? x : y; };
    auto imin = [](int64_t x, int64_t y) { return x < y ? x : y; };
    for (const char* t : {"double", "float"}) {
      std::string args = std::string(t) + "," + t;
      m.push_back({"java.lang.Math", ("max(" + args + ")"), "larger", binary_double(+dmax)});
      m.push_back({"java.lang.Math", ("min(" + args + ")"), "smaller", binary_double(+dmin)});
    }
    for (const char* t : {"int", "long"}) {
      std::string args = std::string(t) + "," + t;
      m.push_back({"java.lang.Math", ("max(" + args + ")"), "larger", binary_integral(+imax)});
      m.push_back({"java.lang.Math", ("min(" + args + ")"), "smaller", binary_integral(+imin)});
    }
    m.push_back({"java.lang.Byte", "valueOf(byte)", "the byte", integral_identity()});
    m.push_back({"java.lang.Short", "valueOf(short)", "the short", integral_identity()});
    m.push_back({"java.lang.Integer", "valueOf(int)", "the int", integral_identity()});
    m.push_back({"java.lang.Long", "valueOf(long)", "the long", integral_identity()});
    m.push_back({"java.lang.Integer", "valueOf(java.lang.String)", "parse an int", parse_number(true)});
    m.push_back({"java.lang.Integer", "parseInt(java.lang.String)", "parse an int", parse_number(true)});
    m.push_back({"java.lang.Long", "valueOf(java.lang.String)", "parse a long", parse_number(true)});
    m.push_back({"java.lang.Long", "parseLong(java.lang.String)", "parse a long", parse_number(true)});
    m.push_back({"java.lang.Float", "valueOf(java.lang.String)", "parse a float", parse_number(false)});
    m.push_back({"java.lang.Double", "valueOf(java.lang.String)", "parse a double", parse_number(false)});
    m.push_back({"java.lang.Double", "parseDouble(java.lang.String)", "parse a double", parse_number(false)});
    m.push_back({"java.lang.String", "valueOf(char)", "a one-character string", [](Args a) -> Value {
                   const std::string* s = str(a, 0);
                   if (!s || s->empty()) return {};
                   size_t len = (static_cast<unsigned char>((*s)[0]) < 0x80) ? 1 : 0;
                   if (!len) {
                     unsigned char c = static_cast<unsigned char>((*s)[0]);
                     len = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
                   }
                   return s->size() == len ? Value(*s) : Value();
                 }});
    for (const char* t : {"int", "long", "double", "float", "boolean", "java.lang.Object"})
      m.push_back({"java.lang.String", (std::string("valueOf(") + t + ")"), "the value as text",
                   [](Args a) -> Value { return arg(a, 0).to_string(); }});
    m.push_back({"java.lang.String", "format(java.lang.String,[Ljava.lang.Object;)", "formatted text (%s, %d)",
                 format});
    return m;
  }();
  return t;
}

std::string without_spaces(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n') out += c;
  return out;
}

}  // namespace

std::shared_ptr<const Function> find_java_function(const std::string& class_name, const std::string& signature,
                                                    const std::vector<std::string>& params) {
  std::string sig = without_spaces(signature);
  for (const JavaMethod& m : java_table()) {
    if (class_name != m.cls || sig != m.signature) continue;
    auto f = std::make_shared<Function>();
    f->name = class_name + "." + sig;
    Overload o;
    for (const auto& p : params) o.params.push_back(Param{p});
    JavaImpl impl = m.impl;
    o.impl = [impl](Args a, EvalContext&) -> Value { return impl(a); };
    f->overloads.push_back(std::move(o));
    return f;
  }
  return nullptr;
}

std::shared_ptr<const Function> java_function_from_context(const Value& external,
                                                            const std::vector<std::string>& params) {
  if (!external.is(Type::kContext)) return nullptr;
  const Value* java = external.as_context().find("java");
  const Value* spec = java && java->is(Type::kContext) ? java : &external;
  const Value* cls = spec->as_context().find("class");
  const Value* sig = spec->as_context().find("method signature");
  if (!cls || !sig || !cls->is(Type::kString) || !sig->is(Type::kString)) return nullptr;
  return find_java_function(cls->as_string(), sig->as_string(), params);
}

}  // namespace dpc::feel
