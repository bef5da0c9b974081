# Installation layout and the Debian package.
#   cmake --preset release && cmake --build --preset release
#   cpack --config build/release/CPackConfig.cmake -G DEB   (docs/packaging.md)
# The man pages and completion scripts are generated at build time by running the built
# programs, so they always match the options those programs parse.
include(GNUInstallDirs)

set(SSOSNAP_GENERATED_DIR "${PROJECT_BINARY_DIR}/share")
set(_ssosnap_man "${SSOSNAP_GENERATED_DIR}/man/ssosnap.1")
set(_emulator_man "${SSOSNAP_GENERATED_DIR}/man/ksso-emulator.1")
set(_bash_completion "${SSOSNAP_GENERATED_DIR}/bash-completion/ssosnap")
set(_zsh_completion "${SSOSNAP_GENERATED_DIR}/zsh/_ssosnap")

if(CMAKE_CROSSCOMPILING)
  message(WARNING "Cross-compiling: man pages and completions are not generated (they come "
                  "from running the built programs)")
else()
  # Sanitizer builds run the programs too: keep leak reports out of the generated files' way.
  set(_run_env ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0)
  add_custom_command(
    OUTPUT "${_ssosnap_man}" "${_bash_completion}" "${_zsh_completion}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${SSOSNAP_GENERATED_DIR}/man"
            "${SSOSNAP_GENERATED_DIR}/bash-completion" "${SSOSNAP_GENERATED_DIR}/zsh"
    COMMAND ${_run_env} sh -c "\"$1\" __man > \"$2\"" sh $<TARGET_FILE:ssosnap> "${_ssosnap_man}"
    COMMAND ${_run_env} sh -c "\"$1\" completion bash > \"$2\"" sh $<TARGET_FILE:ssosnap>
            "${_bash_completion}"
    COMMAND ${_run_env} sh -c "\"$1\" completion zsh > \"$2\"" sh $<TARGET_FILE:ssosnap>
            "${_zsh_completion}"
    DEPENDS ssosnap
    COMMENT "Generating ssosnap(1) and the bash and zsh completions from the CLI definitions"
    VERBATIM)
  add_custom_command(
    OUTPUT "${_emulator_man}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${SSOSNAP_GENERATED_DIR}/man"
    COMMAND ${_run_env} sh -c "\"$1\" __man > \"$2\"" sh $<TARGET_FILE:ksso-emulator>
            "${_emulator_man}"
    DEPENDS ksso-emulator
    COMMENT "Generating ksso-emulator(1) from its CLI definitions"
    VERBATIM)
  # Debian installs man pages gzip-compressed (-n: no name or time stamp, reproducible).
  add_custom_command(
    OUTPUT "${_ssosnap_man}.gz" "${_emulator_man}.gz"
    COMMAND sh -c "gzip -9nc \"$1\" > \"$1.gz\" && gzip -9nc \"$2\" > \"$2.gz\"" sh
            "${_ssosnap_man}" "${_emulator_man}"
    DEPENDS "${_ssosnap_man}" "${_emulator_man}"
    VERBATIM)
  add_custom_target(ssosnap_docs ALL
    DEPENDS "${_ssosnap_man}.gz" "${_emulator_man}.gz" "${_bash_completion}"
            "${_zsh_completion}")

  install(FILES "${_ssosnap_man}.gz" "${_emulator_man}.gz"
          DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
  # The places bash-completion and zsh look in on Debian (the vendor folders).
  install(FILES "${_bash_completion}"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
  install(FILES "${_zsh_completion}" DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions")
endif()

# --- CPack: one .deb with both programs ------------------------------------------------
set(CPACK_PACKAGE_NAME "ssosnap")
set(CPACK_PACKAGE_VENDOR "ssosnap")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "ssosnap takes, verifies, compares and restores configuration snapshots of Kantega SSO\n"
    "Enterprise on Jira, Confluence and Bitbucket, on one server or on many. The package\n"
    "also holds ksso-emulator, a stand-in server for rehearsals and tests.")
set(CPACK_PACKAGE_CONTACT "ssosnap maintainers <maintainers@ssosnap.example.test>")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)          # ssosnap_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION "admin")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# dpkg-shlibdeps reads the binaries' NEEDED libraries and writes the matching Debian
# packages (libzip4, libcurl4, libssl3, libstdc++6, ...) with their minimum versions.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not found by shlibdeps: the zone database the date library reads at run time, and libcurl,
# which ssosnap loads with dlopen() when a remote command first needs it (src/rest/libcurl.hpp)
# instead of linking it, so shlibdeps does not see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "tzdata, libcurl4 (>= 7.88)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates, bash-completion")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "zsh")
include(CPack)
