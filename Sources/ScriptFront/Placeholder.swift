// Script front: see ScriptRunner.swift
