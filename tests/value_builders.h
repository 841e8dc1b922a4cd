// Short constructors for typed values in tests: D(2, U::kHour), Range(1, 2, U::kWeek), Forever(),
// Window("09:00", "18:00"), Always(). Header-only, shared by the test binaries.
#pragma once

#include "values/value.h"

namespace kensa::testing {

using U = TimeUnit;

inline Duration D(double amount, TimeUnit unit) {
  Duration d;
  d.amount = amount;
  d.unit = unit;
  return d;
}

inline Duration Range(double amount, double upto, TimeUnit unit) {
  Duration d = D(amount, unit);
  d.upto = upto;
  return d;
}

inline Duration Forever() {
  Duration d;
  d.unbounded = true;
  return d;
}

inline Hours Window(const char* from, const char* to) { return Hours{from, to, false}; }
inline Hours Always() { return Hours{"", "", true}; }

}  // namespace kensa::testing
