#!/usr/bin/env node
import * as cdk from 'aws-cdk-lib';
import { StorageStack } from '../lib/storage-stack';

// The app entry: cdk.json's "app" command runs this file.
const app = new cdk.App();
new StorageStack(app, 'StorageStack');
