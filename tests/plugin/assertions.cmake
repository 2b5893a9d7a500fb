# The plugin's targeted assertions and tree snapshots (plugin_assert.py),
# included by CMakeLists.txt after ${runner} is set. Every message, field and
# verdict is compared with smcdump --json (plugin.compare_smcdump.*) and the
# truth files (plugin.truth.*); these check what those do not see: the Info
# column, the SYN items, the expert items' words, the frames the plugin
# claims, and (plugin.tree.*) the tree's layout and labels.
#   plugin.assert.<set>.<capture>  tests/plugin/assert/<set>/<capture>.txt
#   plugin.tree.<capture>          tests/plugin/assert/tree/<capture>.txt
#   plugin.assert.selftest         a changed value fails, and says where
set(assert_dir ${CMAKE_CURRENT_SOURCE_DIR}/assert)

file(GLOB real CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/captures/real/*.pcap
     ${PROJECT_SOURCE_DIR}/captures/real/*.pcapng)
file(GLOB built CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/captures/built/*.pcap
     ${PROJECT_SOURCE_DIR}/captures/built/*.pcapng)
file(GLOB hostile CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/tests/golden/hostile/*.pcap
     ${PROJECT_SOURCE_DIR}/tests/golden/hostile/*.pcapng
     ${PROJECT_SOURCE_DIR}/tests/golden/fuzz/*.pcap)
foreach(set real built hostile)
    foreach(capture ${${set}})
        get_filename_component(name ${capture} NAME)
        add_test(NAME plugin.assert.${set}.${name}
                 COMMAND ${runner} assert ${capture} ${assert_dir}/${set}/${name}.txt)
    endforeach()
endforeach()

foreach(capture real/k612-04-ipv6-client-decline.pcap real/k612-01-smcr-v2-ipv4.pcap)
    get_filename_component(name ${capture} NAME)
    add_test(NAME plugin.tree.${name} COMMAND ${runner} tree
             ${PROJECT_SOURCE_DIR}/captures/${capture} ${assert_dir}/tree/${name}.txt)
endforeach()

add_test(NAME plugin.assert.selftest COMMAND ${runner} selftest
         ${PROJECT_SOURCE_DIR}/captures/built/smcd-v1.pcap ${assert_dir}/built/smcd-v1.pcap.txt)
