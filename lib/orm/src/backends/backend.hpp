#pragma once
// The contract between the ORM and a database backend (doc/adding-a-backend.md).
//
// A backend hands the ORM one Backend object: the backend name it serves (as
// orm::Url::parse names it), its dialect (which opens its connections) and
// the versions of the client libraries it uses. SQLite's is linked in; a
// server backend is a shared module `orm-NAME.so` whose only exported symbol
// is orm_backend(), opened with dlopen when a URL of its scheme is first used.
//
// A module carries its own copy of the ORM's core (liborm.a, linked with its
// symbols hidden), so that a program linking the static ORM needs no special
// link options. Objects cross the boundary only through the virtual
// interfaces (Dialect, Connection, Statement) and the ORM's exceptions, whose
// types match by name; hence the ABI check: the module and the program must
// be built from the same ORM version, with the same backend ABI number.
#include <string>
#include <string_view>
#include <vector>

#include "orm/versions.hpp"

namespace orm {

class Dialect;

// Bump when Dialect, SqlCompiler, Expr, Connection, Statement, Value, the errors or Backend change.
inline constexpr int kBackendAbi = 3;

struct Backend {
    int abi = kBackendAbi;
    const char* orm_version = ORM_VERSION;  // the ORM this backend was built with
    std::string_view name;                  // "sqlite", "mysql": Url::backend
    const Dialect* dialect = nullptr;
    // The client libraries behind it, name and version (the loaded ones).
    LibraryVersions (*versions)() = nullptr;
};

// The built-in SQLite backend (backends/sqlite/registration.cpp).
const Backend& sqlite_backend();

// The backend serving `name`: built in, or its module loaded now (once).
// Throws OperationalError naming the module and where it was looked for.
const Backend& backend_named(std::string_view name);

// Module file name for a backend name: "orm-mysql.so".
std::string module_file(std::string_view name);
// The folders searched for modules, in order (see module_path.cpp).
std::vector<std::string> module_path();

}  // namespace orm

// Exported by every backend module; returns its Backend (a static object).
extern "C" const orm::Backend* orm_backend();
