# Debian packages with CPack: `cd build && cpack -G DEB` writes
#
#   notes_<version>_<arch>.deb            the tool: binary, man page, completions
#   libnotes-orm-dev_<version>_<arch>.deb the ORM: headers, liborm.a, CMake package
#
# The tool's Depends come from dpkg-shlibdeps (needs dpkg-dev), i.e. from the
# shared libraries the binary and its backend modules really link
# (libsqlite3-0 for the binary, libmariadb3 for /usr/lib/notes/orm-mysql.so).
# The dev package depends on the -dev packages that find_package(NotesOrm)
# looks for. Install with `apt install ./notes_*.deb`.
#
# Included from the top-level CMakeLists.txt, after cmake/Install.cmake.
set(CPACK_PACKAGE_NAME notes)
set(CPACK_PACKAGE_VENDOR "notes maintainers")
set(CPACK_PACKAGE_CONTACT "notes maintainers <notes@example.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# Each package's description below starts with its own synopsis line. CPackDeb
# would put CPACK_PACKAGE_DESCRIPTION_SUMMARY (default: the project's
# DESCRIPTION) before it unless the summary is CPack's own placeholder.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CMAKE_PROJECT_NAME} built using CMake")
set(CPACK_PACKAGE_INSTALL_DIRECTORY notes)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # name_version_arch.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME notes)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "bash-completion")
# The first line is the Debian synopsis, the rest the extended description.
string(CONCAT CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "command-line notebook on SQLite or MySQL/MariaDB\n"
    "notes keeps short notes in categories, with full-text search, JSON output\n"
    "and JSON Lines export/import. The database is a SQLite file by default, or a\n"
    "MySQL/MariaDB server. Includes the man page and bash/zsh completion.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libnotes-orm-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
    "libfmt-dev, libspdlog-dev, libsqlitecpp-dev, libsqlite3-dev, libutf8proc-dev, pkg-config")
# Server backends are the runtime package's modules, loaded by liborm at run time.
set(CPACK_DEBIAN_DEV_PACKAGE_RECOMMENDS "notes (= ${PROJECT_VERSION})")
string(CONCAT CPACK_COMPONENT_DEV_DESCRIPTION
    "small C++20 ORM for SQLite and MySQL/MariaDB (static library)\n"
    "The ORM behind notes: declarative models, a unit-of-work session, typed\n"
    "queries and relationships. Use it from CMake with find_package(NotesOrm)\n"
    "and the target notes::orm.")

include(CPack)
