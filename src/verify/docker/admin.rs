//! The only Docker writes opslab makes: building the offline base image
//! (`opslab setup`) and removing the resources a lab declares (`opslab reset`).
