#pragma once
// Log output on stderr (spdlog; the ORM logs SQL through the default logger)
// and notices, the short messages a person should see unless -q.
#include <string_view>

namespace app {

// Default: warnings. -v: info. -vv: debug, and the ORM echoes SQL at info.
// -q: errors only.
void setup_logging(int verbose, bool quiet);

// A notice such as "created category 'tech'": on stderr unless -q, also with
// --json (stdout stays JSON).
void notice(std::string_view message);

}  // namespace app
