// Decimal arithmetic on a 128-bit coefficient; intermediates use 512-bit integers so that
// every operation is computed exactly and rounded once to 34 digits (half even).
#include "dpc/feel/decimal.h"

#include <boost/multiprecision/cpp_int.hpp>

#include <charconv>
#include <cmath>
#include <vector>

namespace dpc::feel {

namespace mp = boost::multiprecision;
using Big = mp::number<mp::cpp_int_backend<640, 640, mp::signed_magnitude, mp::unchecked, void>>;

namespace {
constexpr int kMaxExp = 6144;
constexpr int kMinExp = -6176;

const std::vector<Big>& pow10_table() {
  static const std::vector<Big> t = [] {
    std::vector<Big> v(190);
    v[0] = 1;
    for (size_t i = 1; i < v.size(); ++i) v[i] = v[i - 1] * 10;
    return v;
  }();
  return t;
}
const Big& p10(int n) { return pow10_table()[static_cast<size_t>(n)]; }

int big_digits(const Big& v) {
  Big a = v < 0 ? Big(-v) : v;
  if (a == 0) return 1;
  const auto& t = pow10_table();
  int lo = 0;
  while (lo + 1 < static_cast<int>(t.size()) && t[static_cast<size_t>(lo + 1)] <= a) ++lo;
  return lo + 1;
}

Big to_big(__int128 v) {
  bool neg = v < 0;
  unsigned __int128 u = neg ? static_cast<unsigned __int128>(-(v + 1)) + 1 : static_cast<unsigned __int128>(v);
  Big b = static_cast<uint64_t>(u >> 64);
  b <<= 64;
  b += static_cast<uint64_t>(u & ~uint64_t{0});
  return neg ? Big(-b) : b;
}
__int128 from_big(const Big& b) {
  Big a = b < 0 ? Big(-b) : b;
  uint64_t lo = static_cast<uint64_t>(a & Big(~uint64_t{0}));
  uint64_t hi = static_cast<uint64_t>(a >> 64);
  __int128 r = (static_cast<__int128>(hi) << 64) | lo;
  return b < 0 ? -r : r;
}

// Divides |q| by 10^drop, deciding the rounding by mode; sign applied after.
Big round_div(const Big& v, int drop, Decimal::Rounding mode) {
  if (drop <= 0) return v * p10(-drop);
  bool neg = v < 0;
  Big a = neg ? Big(-v) : v;
  if (drop >= static_cast<int>(pow10_table().size())) {
    a = 0;
    return a;
  }
  const Big& d = p10(drop);
  Big q = a / d;
  Big r = a % d;
  bool inc = false;
  if (r != 0) {
    Big twice = r * 2;
    int half = twice < d ? -1 : (twice == d ? 0 : 1);
    switch (mode) {
      case Decimal::Rounding::kHalfEven: inc = half > 0 || (half == 0 && (q % 2) == 1); break;
      case Decimal::Rounding::kHalfUp: inc = half >= 0; break;
      case Decimal::Rounding::kHalfDown: inc = half > 0; break;
      case Decimal::Rounding::kUp: inc = true; break;
      case Decimal::Rounding::kDown: inc = false; break;
      case Decimal::Rounding::kFloor: inc = neg; break;
      case Decimal::Rounding::kCeiling: inc = !neg; break;
    }
  }
  if (inc) q += 1;
  return neg ? Big(-q) : q;
}
}  // namespace

struct DecimalOps {
  static std::optional<Decimal> make(Big c, int64_t exp) {
    Decimal d;
    if (c == 0) return d;
    int n = big_digits(c);
    if (n > Decimal::kPrecision) {
      int drop = n - Decimal::kPrecision;
      c = round_div(c, drop, Decimal::Rounding::kHalfEven);
      exp += drop;
      if (big_digits(c) > Decimal::kPrecision) { c /= 10; exp += 1; }
    }
    while (c != 0 && c % 10 == 0) { c /= 10; ++exp; }
    if (c == 0) return d;
    n = big_digits(c);
    if (exp + n - 1 > kMaxExp) return std::nullopt;
    if (exp < kMinExp) {
      c = round_div(c, static_cast<int>(kMinExp - exp), Decimal::Rounding::kHalfEven);
      exp = kMinExp;
      if (c == 0) return Decimal{};
      while (c % 10 == 0) { c /= 10; ++exp; }
    }
    d.coef_ = from_big(c);
    d.exp_ = static_cast<int32_t>(exp);
    return d;
  }
  static Big coef(const Decimal& d) { return to_big(d.coef_); }
};

Decimal Decimal::from_int(int64_t v) { return *DecimalOps::make(Big(v), 0); }

std::optional<Decimal> Decimal::parse(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  Big c = 0;
  int64_t exp = 0;
  bool any = false, point = false;
  int kept = 0;
  for (; i < s.size(); ++i) {
    char ch = s[i];
    if (ch == '.') {
      if (point) return std::nullopt;
      point = true;
      continue;
    }
    if (ch < '0' || ch > '9') break;
    any = true;
    if (kept < 150) {
      c = c * 10 + (ch - '0');
      if (c != 0) ++kept;
      if (point) --exp;
    } else if (!point) {
      ++exp;
    }
  }
  if (!any) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    int64_t e = 0;
    bool edig = false;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      edig = true;
      if (e < 100000) e = e * 10 + (s[i] - '0');
    }
    if (!edig) return std::nullopt;
    exp += eneg ? -e : e;
  }
  if (i != s.size()) return std::nullopt;
  return DecimalOps::make(neg ? Big(-c) : c, exp);
}

std::optional<Decimal> Decimal::from_double(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return parse(std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
}

int Decimal::digits() const { return big_digits(DecimalOps::coef(*this)); }

std::string Decimal::to_string() const {
  if (coef_ == 0) return "0";
  Big c = DecimalOps::coef(*this);
  bool neg = c < 0;
  std::string ds = (neg ? Big(-c) : c).str();
  std::string out = neg ? "-" : "";
  if (exp_ >= 0) {
    out += ds;
    out.append(static_cast<size_t>(exp_), '0');
  } else {
    int point = static_cast<int>(ds.size()) + exp_;
    if (point > 0) {
      out += ds.substr(0, static_cast<size_t>(point)) + "." + ds.substr(static_cast<size_t>(point));
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-point), '0');
      out += ds;
    }
  }
  return out;
}

double Decimal::to_double() const {
  std::string s = to_string();
  return std::strtod(s.c_str(), nullptr);
}

std::optional<int64_t> Decimal::to_int64() const {
  if (exp_ < 0) return std::nullopt;
  if (exp_ > 18) return std::nullopt;
  Big v = DecimalOps::coef(*this) * p10(exp_);
  if (v > Big(INT64_MAX) || v < Big(INT64_MIN)) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<Decimal> Decimal::add(const Decimal& a, const Decimal& b) {
  if (a.is_zero()) return b;
  if (b.is_zero()) return a;
  int64_t diff = static_cast<int64_t>(a.exp_) - b.exp_;
  // Beyond ~70 digits apart the smaller operand cannot change the rounded sum.
  if (diff > 75) return a;
  if (diff < -75) return b;
  Big ca = DecimalOps::coef(a), cb = DecimalOps::coef(b);
  int64_t e = std::min(a.exp_, b.exp_);
  if (diff > 0) ca *= p10(static_cast<int>(diff));
  if (diff < 0) cb *= p10(static_cast<int>(-diff));
  return DecimalOps::make(ca + cb, e);
}

std::optional<Decimal> Decimal::sub(const Decimal& a, const Decimal& b) { return add(a, b.negate()); }

std::optional<Decimal> Decimal::mul(const Decimal& a, const Decimal& b) {
  return DecimalOps::make(DecimalOps::coef(a) * DecimalOps::coef(b), static_cast<int64_t>(a.exp_) + b.exp_);
}

std::optional<Decimal> Decimal::div(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) return std::nullopt;
  if (a.is_zero()) return Decimal{};
  Big ca = DecimalOps::coef(a), cb = DecimalOps::coef(b);
  int k = 36 + big_digits(cb) - big_digits(ca);
  if (k < 0) k = 0;
  Big num = ca * p10(k);
  Big q = num / cb;
  Big r = num % cb;
  q *= 10;
  if (r != 0) q += ((ca < 0) != (cb < 0)) ? -1 : 1;  // sticky digit keeps rounding exact
  return DecimalOps::make(q, static_cast<int64_t>(a.exp_) - b.exp_ - k - 1);
}

std::optional<Decimal> Decimal::mod(const Decimal& a, const Decimal& b) {
  if (b.is_zero()) return std::nullopt;
  auto q = div(a, b);
  if (!q) return std::nullopt;
  Decimal f = q->round(0, Rounding::kFloor);
  auto m = mul(b, f);
  if (!m) return std::nullopt;
  return sub(a, *m);
}

std::optional<Decimal> Decimal::pow(const Decimal& a, const Decimal& b) {
  auto n = b.to_int64();
  if (!n) {
    double r = std::pow(a.to_double(), b.to_double());
    return from_double(r);
  }
  int64_t e = *n < 0 ? -*n : *n;
  if (e > 100000) return std::nullopt;
  Decimal result = from_int(1), base = a;
  while (e > 0) {
    if (e & 1) {
      auto r = mul(result, base);
      if (!r) return std::nullopt;
      result = *r;
    }
    e >>= 1;
    if (e) {
      auto r = mul(base, base);
      if (!r) return std::nullopt;
      base = *r;
    }
  }
  if (*n < 0) return div(from_int(1), result);
  return result;
}

int Decimal::compare(const Decimal& a, const Decimal& b) {
  if (a.sign() != b.sign()) return a.sign() < b.sign() ? -1 : 1;
  if (a.exp_ == b.exp_) return a.coef_ < b.coef_ ? -1 : (a.coef_ > b.coef_ ? 1 : 0);
  // Compare magnitudes by adjusted exponent first, then aligned coefficients.
  int ma = a.digits() + a.exp_, mb = b.digits() + b.exp_;
  if (ma != mb) {
    int s = ma < mb ? -1 : 1;
    return a.sign() < 0 ? -s : s;
  }
  Big ca = DecimalOps::coef(a), cb = DecimalOps::coef(b);
  int e = std::min(a.exp_, b.exp_);
  ca *= p10(a.exp_ - e);
  cb *= p10(b.exp_ - e);
  return ca < cb ? -1 : (ca > cb ? 1 : 0);
}

Decimal Decimal::round(int scale, Rounding mode) const {
  if (-exp_ <= scale) return *this;
  int drop = -exp_ - scale;
  Big q = round_div(DecimalOps::coef(*this), drop, mode);
  auto r = DecimalOps::make(q, -static_cast<int64_t>(scale));
  return r ? *r : *this;
}

}  // namespace dpc::feel
