# What `cmake --install build --prefix PREFIX` (and the .deb) puts where:
#
#   bin/notes                                    the command line
#   lib/notes/orm-mysql.so                       the MySQL/MariaDB backend module
#                                                (lib/orm/src/backends/mysql)
#   share/man/man1/notes.1.gz                    its manual (doc/notes.1, gzip -9n)
#   share/doc/notes/{copyright,changelog.gz}     Debian's required documents
#   share/doc/libnotes-orm-dev/{copyright,changelog.gz}   the same, for the dev package
#   share/bash-completion/completions/notes      bash completion
#   share/zsh/vendor-completions/_notes          zsh completion (Debian's folder)
#   include/orm/...                              the ORM's public headers
#   lib/liborm.a                                 the ORM, static
#   lib/cmake/NotesOrm/                          find_package(NotesOrm) -> notes::orm
#
# Two install components, which CPack turns into two Debian packages
# (cmake/Packaging.cmake): `runtime` (the tool) and `dev` (the ORM library).
# A plain `cmake --install` installs both.
#
# Included from the top-level CMakeLists.txt after the targets are defined.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Debian's GNUInstallDirs picks lib/<multiarch> only for prefix /usr; keep one
# layout for every prefix so the file list is predictable: lib/liborm.a.
set(NOTES_INSTALL_LIBDIR lib)
set(NOTES_INSTALL_CMAKEDIR ${NOTES_INSTALL_LIBDIR}/cmake/NotesOrm)

# ---- compressed documents (Debian policy: gzip -9n, no timestamp) ---------
set(NOTES_DOC_BUILD_DIR ${PROJECT_BINARY_DIR}/doc)
set(NOTES_GZIPPED)
foreach(doc notes.1 changelog)
  add_custom_command(
    OUTPUT ${NOTES_DOC_BUILD_DIR}/${doc}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${NOTES_DOC_BUILD_DIR}
    COMMAND sh -c "gzip -9n -c '${PROJECT_SOURCE_DIR}/doc/${doc}' > '${NOTES_DOC_BUILD_DIR}/${doc}.gz'"
    DEPENDS ${PROJECT_SOURCE_DIR}/doc/${doc}
    VERBATIM)
  list(APPEND NOTES_GZIPPED ${NOTES_DOC_BUILD_DIR}/${doc}.gz)
endforeach()
add_custom_target(notes_docs ALL DEPENDS ${NOTES_GZIPPED})

# ---- the tool -----------------------------------------------------------
# (The backend modules install themselves, component runtime: see
# lib/orm/src/backends/*/CMakeLists.txt.)
install(TARGETS notes RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(FILES ${NOTES_DOC_BUILD_DIR}/notes.1.gz
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
foreach(package_component IN ITEMS "notes;runtime" "libnotes-orm-dev;dev")
  list(GET package_component 0 package)
  list(GET package_component 1 component)
  install(FILES ${PROJECT_SOURCE_DIR}/doc/copyright ${NOTES_DOC_BUILD_DIR}/changelog.gz
          DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${component})
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/doc/completion/notes.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME notes COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/doc/completion/_notes
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT runtime)

# ---- the ORM as a CMake package ----------------------------------------
# The target is `orm` here (alias notes::orm); exported as notes::orm.
set_target_properties(orm PROPERTIES EXPORT_NAME orm)
install(TARGETS orm EXPORT NotesOrmTargets
        ARCHIVE DESTINATION ${NOTES_INSTALL_LIBDIR} COMPONENT dev
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/lib/orm/include/orm
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev
        FILES_MATCHING PATTERN "*.hpp")
install(EXPORT NotesOrmTargets NAMESPACE notes:: FILE NotesOrmTargets.cmake
        DESTINATION ${NOTES_INSTALL_CMAKEDIR} COMPONENT dev)

configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/NotesOrmConfig.cmake.in
  ${PROJECT_BINARY_DIR}/NotesOrmConfig.cmake
  INSTALL_DESTINATION ${NOTES_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API, so only the same minor matches.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/NotesOrmConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/NotesOrmConfig.cmake
              ${PROJECT_BINARY_DIR}/NotesOrmConfigVersion.cmake
        DESTINATION ${NOTES_INSTALL_CMAKEDIR} COMPONENT dev)

# ---- tests that keep the docs in step with the binary ------------------
# Every command and long option that `notes --help` / `notes CMD --help`
# shows must appear in the man page and in both completion scripts.
if(NOTES_BUILD_TESTS)
  add_test(NAME "docs: man page and completions cover every command and option"
           COMMAND ${PROJECT_SOURCE_DIR}/doc/check-docs.sh $<TARGET_FILE:notes>
                   ${PROJECT_SOURCE_DIR}/doc/notes.1
                   ${PROJECT_SOURCE_DIR}/doc/completion/notes.bash
                   ${PROJECT_SOURCE_DIR}/doc/completion/_notes)
  set_tests_properties("docs: man page and completions cover every command and option"
                       PROPERTIES LABELS docs TIMEOUT 60)
endif()
