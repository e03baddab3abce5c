// Entry point of orm_tests: doctest's runner plus the backend selection.
//   --orm-backend=sqlite|mysql   same as NOTES_TEST_BACKEND (CTest passes it)
// With the mysql backend and no NOTES_TEST_MYSQL_URL every test is skipped.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <stdlib.h>

#include <string>
#include <string_view>
#include <vector>

#include "backend.hpp"

int main(int argc, char** argv) {
    std::vector<char*> args;
    bool listing = false;
    for (int i = 0; i < argc; ++i) {
        const std::string_view a(argv[i]);
        if (a.starts_with("--orm-backend=")) {
            ::setenv("NOTES_TEST_BACKEND", std::string(a.substr(14)).c_str(), 1);
            continue;
        }
        if (a.find("list-test") != std::string_view::npos || a == "-ltc" || a == "-lts" ||
            a == "-h" || a == "--help" || a == "-?" || a.find("list-reporters") != a.npos)
            listing = true;
        args.push_back(argv[i]);
    }
    args.push_back(nullptr);

    if (!listing && test::is_mysql() && test::mysql_url().empty()) {
        test::skip("NOTES_TEST_BACKEND=mysql but NOTES_TEST_MYSQL_URL is not set");
        return 0;
    }

    doctest::Context context(static_cast<int>(args.size()) - 1, args.data());
    return context.run();
}
