#include "dpc/juel/evaluator.h"

#include <cmath>

#include "dpc/juel/builtins.h"
#include "dpc/juel/coercion.h"

namespace dpc::juel {
namespace {

#define DPC_TRY(var, expr)          \
  auto var##_r = (expr);            \
  if (!var##_r) return var##_r.error(); \
  auto var = std::move(var##_r).value()

std::int64_t wrap(std::uint64_t v) { return static_cast<std::int64_t>(v); }

Result<Value> arithmetic(const std::string& op, const Value& a, const Value& b) {
  if (a.is_null() && b.is_null()) return Value(std::int64_t{0});
  DPC_TRY(x, coerce_to_number(a));
  DPC_TRY(y, coerce_to_number(b));
  if (op == "/") return Value(x.as_number() / y.as_number());
  const bool floating = x.is_double() || y.is_double();
  if (op == "%") {
    if (floating) return Value(std::fmod(x.as_number(), y.as_number()));
    if (y.as_long() == 0) return Error::invalid("Modulo by zero");
    if (y.as_long() == -1) return Value(std::int64_t{0});
    return Value(x.as_long() % y.as_long());
  }
  if (floating) {
    const double p = x.as_number(), q = y.as_number();
    return Value(op == "+" ? p + q : op == "-" ? p - q : p * q);
  }
  const auto p = static_cast<std::uint64_t>(x.as_long()), q = static_cast<std::uint64_t>(y.as_long());
  return Value(wrap(op == "+" ? p + q : op == "-" ? p - q : p * q));
}

Result<Value> relational(const std::string& op, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value(a.is_null() && b.is_null() && (op == "<=" || op == ">="));
  DPC_TRY(c, el_compare(a, b));
  if (op == "<") return Value(c < 0);
  if (op == ">") return Value(c > 0);
  if (op == "<=") return Value(c <= 0);
  return Value(c >= 0);
}

Result<Value> member(const Value& base, const Value& key) {
  switch (base.type()) {
    case Value::Type::kNull: return Value();
    case Value::Type::kMap: {
      const auto& m = base.as_map();
      auto it = m.find(coerce_to_string(key));
      return it == m.end() ? Value() : it->second;
    }
    case Value::Type::kList: {
      DPC_TRY(i, coerce_to_number(key));
      if (!i.is_long()) return Error::invalid("List index must be an integer, got " + key.to_string());
      const auto& l = base.as_list();
      if (i.as_long() < 0 || i.as_long() >= static_cast<std::int64_t>(l.size())) return Value();
      return l[static_cast<std::size_t>(i.as_long())];
    }
    case Value::Type::kObject: return base.as_object().property(coerce_to_string(key));
    default:
      return Error::invalid("Property '" + coerce_to_string(key) + "' not found on type " +
                            std::string(base.type_name()));
  }
}

bool is_empty(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull: return true;
    case Value::Type::kString: return v.as_string().empty();
    case Value::Type::kList: return v.as_list().empty();
    case Value::Type::kMap: return v.as_map().empty();
    default: return false;
  }
}

Result<std::vector<Value>> evaluate_all(const Node& node, std::size_t first, const Context& ctx) {
  std::vector<Value> out;
  for (std::size_t i = first; i < node.children.size(); ++i) {
    DPC_TRY(v, evaluate(*node.children[i], ctx));
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

Result<Value> evaluate(const Node& node, const Context& ctx) {
  switch (node.kind) {
    case NodeKind::kLiteral: return node.value;
    case NodeKind::kIdentifier: {
      auto v = ctx.variable(node.name);
      if (!v) return Error::invalid("Cannot resolve identifier '" + node.name + "'");
      return *std::move(v);
    }
    case NodeKind::kMember: {
      DPC_TRY(base, evaluate(*node.children[0], ctx));
      DPC_TRY(key, evaluate(*node.children[1], ctx));
      return member(base, key);
    }
    case NodeKind::kFunction: {
      DPC_TRY(args, evaluate_all(node, 0, ctx));
      const FunctionSpec* fn = find_function(node.name);
      if (!fn) return Error::invalid("Could not resolve function '" + node.name + "'");
      return fn->impl(ctx, args);
    }
    case NodeKind::kMethod: {
      DPC_TRY(base, evaluate(*node.children[0], ctx));
      DPC_TRY(args, evaluate_all(node, 1, ctx));
      if (base.is_null()) return Error::invalid("Cannot call method '" + node.name + "' on null");
      return call_method(base, node.name, args);
    }
    case NodeKind::kUnary: {
      DPC_TRY(v, evaluate(*node.children[0], ctx));
      if (node.name == "empty") return Value(is_empty(v));
      if (node.name == "!") {
        DPC_TRY(b, coerce_to_boolean(v));
        return Value(!b);
      }
      if (v.is_null()) return Value(std::int64_t{0});
      DPC_TRY(n, coerce_to_number(v));
      if (n.is_double()) return Value(-n.as_double());
      return Value(wrap(0 - static_cast<std::uint64_t>(n.as_long())));
    }
    case NodeKind::kTernary: {
      DPC_TRY(c, evaluate(*node.children[0], ctx));
      DPC_TRY(b, coerce_to_boolean(c));
      return evaluate(*node.children[b ? 1 : 2], ctx);
    }
    case NodeKind::kBinary: break;
  }
  const std::string& op = node.name;
  DPC_TRY(a, evaluate(*node.children[0], ctx));
  if (op == "&&" || op == "||") {
    DPC_TRY(x, coerce_to_boolean(a));
    if (op == "&&" && !x) return Value(false);
    if (op == "||" && x) return Value(true);
    DPC_TRY(b, evaluate(*node.children[1], ctx));
    DPC_TRY(y, coerce_to_boolean(b));
    return Value(y);
  }
  DPC_TRY(b, evaluate(*node.children[1], ctx));
  if (op == "==" || op == "!=") {
    DPC_TRY(eq, el_equals(a, b));
    return Value(op == "==" ? eq : !eq);
  }
  if (op == "<" || op == ">" || op == "<=" || op == ">=") return relational(op, a, b);
  return arithmetic(op, a, b);
}

}  // namespace dpc::juel
