// The English stop-word list used when parsing queries.
#pragma once

#include <xapian.h>

namespace newsdex::search {

// Returns the shared stopper holding common English function words. Query words on the list
// are dropped from ranking (they stay in phrases). The index keeps them, so phrases still
// match. Never throws after first use.
const Xapian::Stopper& english_stopper();

}  // namespace newsdex::search
