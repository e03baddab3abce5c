// Backend names to backends: SQLite is built in; any other backend is the
// module orm-NAME.so, opened the first time a URL names it and never closed
// (its dialect and connections live until the program ends).
#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "backend.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/engine.hpp"
#include "orm/errors.hpp"
#include "orm/versions.hpp"

namespace orm {

namespace {

std::mutex modules_mutex;
std::map<std::string, const Backend*, std::less<>> modules;  // guarded by modules_mutex

std::string join(const std::vector<std::string>& items, std::string_view sep) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += sep;
        out += item;
    }
    return out;
}

// Opens `path` and checks that it is a backend for `name` built with this
// ORM; nullptr and the reason in `problem` otherwise.
const Backend* open_module(const std::string& path, std::string_view name, std::string& problem) {
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* why = ::dlerror();
        problem = why ? why : path + ": cannot be loaded";
        return nullptr;
    }
    using Entry = const Backend* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, "orm_backend"));
    const Backend* backend = entry ? entry() : nullptr;
    if (!backend) {
        problem = path + ": not an ORM backend module (no orm_backend())";
    } else if (backend->abi != kBackendAbi ||
               std::string_view(backend->orm_version) != ORM_VERSION) {
        problem =
            fmt::format("{}: built for ORM {} (backend ABI {}), this program has ORM {} (ABI {})",
                        path, backend->orm_version, backend->abi, ORM_VERSION, kBackendAbi);
    } else if (backend->name != name) {
        problem = fmt::format("{}: serves the '{}' backend, not '{}'", path, backend->name, name);
    } else {
        return backend;
    }
    ::dlclose(handle);
    return nullptr;
}

}  // namespace

std::string module_file(std::string_view name) {
    return fmt::format("orm-{}.so", name);
}

const Backend& backend_named(std::string_view name) {
    if (name == sqlite_backend().name) return sqlite_backend();
    std::lock_guard lock(modules_mutex);
    if (auto it = modules.find(name); it != modules.end()) return *it->second;
    const auto file = module_file(name);
    const auto folders = module_path();
    std::vector<std::string> problems;
    for (const auto& folder : folders) {
        const auto path = folder + "/" + file;
        if (::access(path.c_str(), F_OK) != 0) continue;
        std::string problem;
        if (const Backend* backend = open_module(path, name, problem)) {
            modules.emplace(std::string(name), backend);
            return *backend;
        }
        problems.push_back(std::move(problem));
    }
    if (!problems.empty())
        throw OperationalError(fmt::format("the {} backend module {} cannot be used: {}", name,
                                           file, join(problems, "; ")));
    throw OperationalError(
        fmt::format("the {} backend is not installed: no {} in {} (set ORM_BACKEND_PATH to the "
                    "folder that holds it)",
                    name, file, folders.empty() ? "any folder" : join(folders, ", ")));
}

const Dialect& dialect_for(const Url& url) {
    return *backend_named(url.backend).dialect;
}

LibraryVersions library_versions() {
    LibraryVersions out{{"orm", ORM_VERSION}};
    const auto add = [&out](const Backend& backend) {
        if (backend.versions)
            for (auto& v : backend.versions())
                out.push_back(std::move(v));
    };
    add(sqlite_backend());
    // Every module on the module path, the first of each name: loaded to ask.
    std::set<std::string> seen;
    for (const auto& folder : module_path()) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
            const auto file = entry.path().filename().string();
            if (!file.starts_with("orm-") || !file.ends_with(".so")) continue;
            const auto name = file.substr(4, file.size() - 7);
            if (!seen.insert(name).second) continue;
            try {
                add(backend_named(name));
            } catch (const Error& e) {
                out.emplace_back(file, std::string("unusable: ") + e.what());
            }
        }
    }
    return out;
}

}  // namespace orm
