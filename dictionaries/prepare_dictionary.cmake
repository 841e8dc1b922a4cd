# Checks kensa's dictionary sources and writes the copies mecab-dict-index compiles.
#
# Run by the kensa_user_dictionary build step (cmake -P), never at configure time:
#   cmake -DSOURCES=<a.csv;b.csv> -DDEFINITIONS=<IPAdic source dir> -DICONV=<iconv> -DOUTPUT_DIR=<dir>
#         -P prepare_dictionary.cmake
#
# mecab-dict-index accepts neither comments nor a wrong context id: it compiles a row whose left-id
# names another part of speech without a word, and the word then connects like that other part of
# speech. So every row is checked here against left-id.def / right-id.def, and errors name the file
# and line. The .def files are in the source dictionary's config-charset (EUC-JP for Debian's
# mecab-ipadic) and are converted with iconv first.
cmake_minimum_required(VERSION 3.25)

foreach(var SOURCES DEFINITIONS ICONV OUTPUT_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "prepare_dictionary.cmake: -D${var}=... is required")
  endif()
endforeach()

# The charset the .def files are written in.
file(STRINGS "${DEFINITIONS}/dicrc" config_line REGEX "^config-charset *=")
if(config_line MATCHES "= *([^ ]+)")
  set(config_charset "${CMAKE_MATCH_1}")
else()
  set(config_charset "UTF-8")
endif()

# Reads "<id> <pos>,<sub1>,<sub2>,<sub3>,<conjugation type>,<conjugation form>,<base>" lines into
# variables <prefix>_<id>.
function(read_context_ids def_file prefix)
  execute_process(COMMAND "${ICONV}" -f "${config_charset}" -t UTF-8 "${def_file}"
                  OUTPUT_VARIABLE content RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${def_file}: cannot convert from ${config_charset}: ${err}")
  endif()
  string(REPLACE ";" "\\;" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")
  foreach(line IN LISTS lines)
    if(line MATCHES "^([0-9]+) (.*)$")
      set(${prefix}_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}" PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

read_context_ids("${DEFINITIONS}/left-id.def" LEFT)
read_context_ids("${DEFINITIONS}/right-id.def" RIGHT)

# True when the .def entry (7 fields) describes the row's features (fields 5..11 of the CSV):
# '*' in the .def matches anything (IPAdic's nouns leave the base form open).
function(context_matches def_features row_features out)
  string(REPLACE "," ";" def_list "${def_features}")
  set(${out} TRUE PARENT_SCOPE)
  set(i 0)
  foreach(def_field IN LISTS def_list)
    list(GET row_features ${i} row_field)
    if(NOT def_field STREQUAL "*" AND NOT def_field STREQUAL row_field)
      set(${out} FALSE PARENT_SCOPE)
      return()
    endif()
    math(EXPR i "${i} + 1")
  endforeach()
endfunction()

file(MAKE_DIRECTORY "${OUTPUT_DIR}")
set(seen_keys "")
foreach(source IN LISTS SOURCES)
  get_filename_component(name "${source}" NAME)
  file(READ "${source}" content)
  # CMake lists are ';'-separated: hide ';' (allowed in comments) before splitting into lines.
  string(REPLACE ";" "<semicolon>" content "${content}")
  string(REPLACE "\r" "" content "${content}")
  string(REPLACE "\n" ";" lines "${content}")
  set(out "")
  set(line_number 0)
  foreach(line IN LISTS lines)
    math(EXPR line_number "${line_number} + 1")
    if(line STREQUAL "" OR line MATCHES "^#")
      continue()
    endif()
    set(where "${source}:${line_number}")
    if(line MATCHES "<semicolon>")
      message(FATAL_ERROR "${where}: ';' is not allowed in a row")
    endif()
    string(REPLACE "," ";" fields "${line}")
    list(LENGTH fields count)
    if(NOT count EQUAL 13)
      message(FATAL_ERROR "${where}: ${count} fields, IPAdic rows have 13: "
                          "surface,left-id,right-id,cost,品詞,細分類1,細分類2,細分類3,活用型,活用形,原形,読み,発音")
    endif()
    list(GET fields 0 surface)
    list(GET fields 1 left_id)
    list(GET fields 2 right_id)
    list(GET fields 3 cost)
    list(SUBLIST fields 4 7 features)
    if(surface STREQUAL "" OR surface MATCHES "[ \t]")
      message(FATAL_ERROR "${where}: the surface must be non-empty and without spaces")
    endif()
    if(NOT cost MATCHES "^-?[0-9]+$" OR cost LESS -32768 OR cost GREATER 32767)
      message(FATAL_ERROR "${where}: cost '${cost}' is not an integer in [-32768, 32767]")
    endif()
    foreach(side LEFT RIGHT)
      if(side STREQUAL "LEFT")
        set(id "${left_id}")
        set(def "left-id.def")
      else()
        set(id "${right_id}")
        set(def "right-id.def")
      endif()
      if(NOT id MATCHES "^[0-9]+$" OR NOT DEFINED ${side}_${id})
        message(FATAL_ERROR "${where}: ${def} in ${DEFINITIONS} has no id '${id}'")
      endif()
      context_matches("${${side}_${id}}" "${features}" ok)
      if(NOT ok)
        string(REPLACE ";" "," row_pos "${features}")
        message(FATAL_ERROR "${where}: ${def} says id ${id} is '${${side}_${id}}', "
                            "but the row is '${row_pos}'")
      endif()
    endforeach()
    # One row per surface and part of speech: a second one would silently compete with the first.
    list(GET features 0 1 2 key_pos)
    string(REPLACE ";" "," key_pos "${key_pos}")
    set(key "${surface},${key_pos}")
    if(key IN_LIST seen_keys)
      message(FATAL_ERROR "${where}: '${surface}' is already defined as ${key_pos}")
    endif()
    list(APPEND seen_keys "${key}")
    string(APPEND out "${line}\n")
  endforeach()
  file(WRITE "${OUTPUT_DIR}/${name}" "${out}")
endforeach()
