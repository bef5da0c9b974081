# Every dependency comes from a Debian 12 package (see .ci/debian-packages).
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)   # libssl-dev: SHA-256 (src/core/sha256.cpp)
find_package(libzip 1.7 REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 2.1 REQUIRED)
find_package(date REQUIRED)             # provides date::date and date::date-tz (system tzdb)
find_package(CURL 7.88 REQUIRED)
find_package(OpenSSL 3 REQUIRED COMPONENTS Crypto)   # libcrypto: HMAC for fingerprints
find_package(pugixml 1.13 REQUIRED)         # libpugixml-dev: S3's XML answers (src/s3/xml.cpp)
find_package(PkgConfig REQUIRED)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)   # Debian ships only a .pc
if(SSOSNAP_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
