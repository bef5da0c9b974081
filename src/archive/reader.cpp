#include "archive/reader.hpp"
