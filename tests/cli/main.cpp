// Entry point of cli_tests: doctest's runner plus the backend selection.
//   --cli-backend=sqlite|mysql   same as NOTES_TEST_BACKEND (CTest passes it)
// With the mysql backend and no NOTES_TEST_MYSQL_URL every test is skipped.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <iostream>
#include <string_view>
#include <vector>

#include "harness.hpp"

int main(int argc, char** argv) {
    // A child that exits without reading its stdin must not kill us.
    ::signal(SIGPIPE, SIG_IGN);

    std::vector<char*> args;
    bool listing = false;
    for (int i = 0; i < argc; ++i) {
        std::string_view a(argv[i]);
        if (a.rfind("--cli-backend=", 0) == 0) {
            ::setenv("NOTES_TEST_BACKEND", std::string(a.substr(14)).c_str(), 1);
            continue;
        }
        if (a.find("list-test") != std::string_view::npos || a == "-ltc" || a == "-lts" ||
            a == "-h" || a == "--help" || a == "-?" || a.find("list-reporters") != a.npos)
            listing = true;
        args.push_back(argv[i]);
    }
    args.push_back(nullptr);

    if (!listing) {
        if (cli::backend() == cli::Backend::mysql && !cli::mysql_test_url()) {
            cli::skip("NOTES_TEST_BACKEND=mysql but NOTES_TEST_MYSQL_URL is not set");
            return 0;
        }
        std::error_code ec;
        if (!std::filesystem::exists(cli::notes_binary(), ec)) {
            std::cerr << "cli_tests: the notes binary does not exist: " << cli::notes_binary()
                      << "\n";
            return 1;
        }
    }

    doctest::Context ctx(static_cast<int>(args.size()) - 1, args.data());
    return ctx.run();
}
