// Calendar dates as days since 1970-01-01 (proleptic Gregorian), the form dates take in
// bundles, the engine and results. H. Hinnant's days_from_civil / civil_from_days.
#pragma once

#include <cstdint>

namespace cleanroom {

// Month 1-12, day 1-31 (the caller checks the day exists in that month).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);

}  // namespace cleanroom
