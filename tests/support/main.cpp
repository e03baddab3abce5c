// The one test main of every suite: doctest's runner plus the backend choice.
//   --backend=sqlite|mysql|postgresql   same as NOTES_TEST_BACKEND (CTest passes it)
//   --suite=NAME                        same as NOTES_TEST_SUITE (the server database's suffix)
// On a server backend without its URL variable every test is skipped.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <signal.h>
#include <stdlib.h>

#include <string>
#include <string_view>
#include <vector>

#include "backends.hpp"

namespace support::detail {
int run_start_hooks();
}

int main(int argc, char** argv) {
    // A child that exits without reading its stdin must not kill us.
    ::signal(SIGPIPE, SIG_IGN);

    std::vector<char*> args;
    bool listing = false;
    for (int i = 0; i < argc; ++i) {
        const std::string_view a(argv[i]);
        if (a.starts_with("--backend=")) {
            ::setenv("NOTES_TEST_BACKEND", std::string(a.substr(10)).c_str(), 1);
            continue;
        }
        if (a.starts_with("--suite=")) {
            ::setenv("NOTES_TEST_SUITE", std::string(a.substr(8)).c_str(), 1);
            continue;
        }
        if (a.find("list-test") != std::string_view::npos || a == "-ltc" || a == "-lts" ||
            a == "-h" || a == "--help" || a == "-?" || a.find("list-reporters") != a.npos)
            listing = true;
        args.push_back(argv[i]);
    }
    args.push_back(nullptr);

    if (!listing) {
        const auto& b = support::current();
        if (b.capabilities.server && !support::server_url()) {
            support::skip(std::string(b.name) + " tests need " + std::string(b.url_variable));
            return 0;
        }
        if (const int rc = support::detail::run_start_hooks()) return rc;
    }

    doctest::Context context(static_cast<int>(args.size()) - 1, args.data());
    return context.run();
}
