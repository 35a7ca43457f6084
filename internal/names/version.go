package names

// DataDates says how current the embedded division data is (see
// data/README.md): nianbao version prints it, because a place renamed after
// these dates is not known and a finding on it may be wrong.
const DataDates = "MCA county level 2024-12-31, NBS township level 2023-06-30, names in use since 1981"
