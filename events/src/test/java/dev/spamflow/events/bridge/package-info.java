/** Tests of the minio-bridge: conversion, configuration, HTTP behaviour and real MinIO. */
package dev.spamflow.events.bridge;
