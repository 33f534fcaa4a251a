// Decimal: a FEEL number. Decimal128 semantics: 34 significant digits, round half even,
// exponent range of IEEE 754 decimal128. 0.1 + 0.2 == 0.3 exactly; integers up to 34 digits
// are exact. Values are immutable, trivially copyable and thread-safe to share.
// Operations that cannot produce a number (division by zero, overflow) return std::nullopt,
// which the evaluator turns into FEEL null.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dpc::feel {

class Decimal {
 public:
  enum class Rounding { kHalfEven, kHalfUp, kHalfDown, kUp, kDown, kFloor, kCeiling };
  static constexpr int kPrecision = 34;

  Decimal() = default;  // zero
  static Decimal from_int(int64_t v);
  // Accepts [+-]digits[.digits][e[+-]digits]; nullopt when malformed.
  static std::optional<Decimal> parse(std::string_view text);
  // Shortest decimal that round-trips the double; nullopt for NaN/infinity.
  static std::optional<Decimal> from_double(double v);

  std::string to_string() const;  // plain notation, no exponent, trailing zeros removed
  double to_double() const;
  std::optional<int64_t> to_int64() const;  // only when integral and in range
  bool is_integer() const { return exp_ >= 0; }
  bool is_zero() const { return coef_ == 0; }
  int sign() const { return coef_ < 0 ? -1 : (coef_ > 0 ? 1 : 0); }
  int exponent() const { return exp_; }
  int digits() const;  // number of significant digits of the coefficient

  static std::optional<Decimal> add(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> sub(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> mul(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> div(const Decimal& a, const Decimal& b);
  // Floored modulo as FEEL's modulo(): result has the sign of the divisor.
  static std::optional<Decimal> mod(const Decimal& a, const Decimal& b);
  static std::optional<Decimal> pow(const Decimal& a, const Decimal& b);
  static int compare(const Decimal& a, const Decimal& b);

  Decimal negate() const { Decimal d = *this; d.coef_ = -d.coef_; return d; }
  Decimal abs() const { return sign() < 0 ? negate() : *this; }
  // Rounds to `scale` digits after the decimal point (negative scale rounds left of it).
  Decimal round(int scale, Rounding mode) const;

  bool operator==(const Decimal& o) const { return coef_ == o.coef_ && exp_ == o.exp_; }
  bool operator<(const Decimal& o) const { return compare(*this, o) < 0; }

 private:
  friend struct DecimalOps;
  __int128 coef_ = 0;  // |coef_| < 10^34, no trailing zeros unless zero
  int32_t exp_ = 0;    // value = coef_ * 10^exp_
};

}  // namespace dpc::feel
