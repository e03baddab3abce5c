// Where backend modules are looked for (doc/adding-a-backend.md, "Finding
// modules"). The folders come from the build: ORM_MODULE_SUBDIR (relative to
// an install prefix), ORM_INSTALL_PREFIX, ORM_BUILD_DIR and ORM_BUILD_MODULE_DIR.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "backend.hpp"

namespace orm {

namespace fs = std::filesystem;

std::vector<std::string> module_path() {
    std::vector<std::string> folders;
    const auto add = [&folders](const fs::path& folder) {
        auto text = folder.lexically_normal().string();
        while (text.size() > 1 && text.back() == '/')
            text.pop_back();
        if (text.empty()) return;
        for (const auto& f : folders)
            if (f == text) return;
        folders.push_back(std::move(text));
    };
    // An explicit path replaces the others: tests and unusual installs.
    if (const char* env = std::getenv("ORM_BACKEND_PATH"); env && *env) {
        std::string_view rest(env);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            add(fs::path(rest.substr(0, colon)));
            if (colon == std::string_view::npos) break;
            rest.remove_prefix(colon + 1);
        }
        return folders;
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && exe.has_parent_path()) {
        // PREFIX/bin/program -> PREFIX/lib/notes: wherever the prefix was moved.
        add(exe.parent_path().parent_path() / ORM_MODULE_SUBDIR);
        // A program of this build tree (the tests, build/app/notes) uses the
        // tree's modules; an installed program never looks there.
        const std::string build = ORM_BUILD_DIR;
        const auto exe_text = exe.string();
        if (exe_text.size() > build.size() && exe_text.starts_with(build) &&
            exe_text[build.size()] == '/')
            add(ORM_BUILD_MODULE_DIR);
    }
    add(fs::path(ORM_INSTALL_PREFIX) / ORM_MODULE_SUBDIR);
    return folders;
}

}  // namespace orm
