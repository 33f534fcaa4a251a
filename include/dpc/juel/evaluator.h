// Evaluates a parsed expression tree against a Context, with EL 2.2 semantics:
// - `+ - *` coerce to numbers (Long unless either side is Double; Long overflow wraps as in
//   Java); `/` and `div` always give a Double; `%`/`mod` give a Long for Longs (error on
//   modulo by zero); null operands count as 0. There is no string concatenation with `+`
//   (JUEL has none): `${'a' + 'b'}` fails; use a composite "${a}${b}" instead.
// - `a.b`, `a['b']`: on a map, the entry or null; on a list, the element at the index or null;
//   on null, null; on a host object, Object::property; anything else fails.
// - `&&`, `||`, `?:` short-circuit; operands are coerced to Boolean (coercion.h).
// - An identifier the context does not define fails: "Cannot resolve identifier 'x'".
// Thread-safe as long as the Context is not shared between threads.
#pragma once

#include "dpc/core/result.h"
#include "dpc/juel/ast.h"
#include "dpc/juel/context.h"

namespace dpc::juel {

Result<Value> evaluate(const Node& node, const Context& ctx);

}  // namespace dpc::juel
