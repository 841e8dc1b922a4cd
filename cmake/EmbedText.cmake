# kensa_embed_text(TARGET FILE SYMBOL): compiles the text of FILE (a data file of the source tree,
# e.g. a vocabulary in TOML) into TARGET as
#   namespace kensa { extern const std::string_view SYMBOL; }
# so that words stay data in one file while the binary needs no path to find them at run time.
# Editing FILE re-runs CMake (CMAKE_CONFIGURE_DEPENDS) and rebuilds what embeds it.
function(kensa_embed_text target file symbol)
  get_filename_component(source "${file}" ABSOLUTE)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${source}")
  file(READ "${source}" KENSA_EMBED_TEXT)
  string(FIND "${KENSA_EMBED_TEXT}" ")kensa_embed\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${source}: contains the raw-string delimiter )kensa_embed\"")
  endif()
  set(KENSA_EMBED_SYMBOL "${symbol}")
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cc")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/embedded_text.cc.in" "${generated}" @ONLY)
  target_sources(${target} PRIVATE "${generated}")
endfunction()
