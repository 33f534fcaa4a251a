// Internal: FEEL arithmetic and property access on values (shared by the evaluator and
// the built-ins). Results are null on type mismatch; the caller adds the warning.
#pragma once

#include "dpc/feel/ast.h"
#include "dpc/feel/value.h"

namespace dpc::feel {

Value arithmetic(Op op, const Value& a, const Value& b);
Value negate(const Value& a);
// Property of a temporal/duration/range value (`d.year`, `r.start`), or context entry.
Value property(const Value& base, const std::string& name, bool& found);
DateTime add_months(const DateTime& dt, int64_t months);
DateTime add_nanos(const DateTime& dt, __int128 nanos);
Value to_date_time_value(const Date& d);

}  // namespace dpc::feel
